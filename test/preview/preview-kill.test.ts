import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensurePromtool } from '../support/promtool';

const ROOT = path.resolve(__dirname, '../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-kill-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return condition();
}

describe('a preview killed with SIGKILL (no exit hook runs)', () => {
  it.each([
    ['while promtool builds the blocks', /creating TSDB blocks/],
    ['while Prometheus serves', /^prometheus on (http:\S+)/m],
  ])('%s leaves no Prometheus and no temporary data behind', async (_, killWhen) => {
    ensurePromtool();
    const tmp = fs.mkdtempSync(path.join(scratch, 'tmp-'));
    const child = spawn(process.execPath, ['-r', path.join(ROOT, 'scripts/register.js'), path.join(ROOT, 'test/fixtures/preview-run.ts')], {
      env: { ...process.env, NODE_OPTIONS: '', TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    const seen = new Promise<RegExpExecArray>((resolve) => child.stdout.on('data', (chunk) => {
      output += String(chunk);
      const match = killWhen.exec(output);
      if (match) resolve(match);
    }));
    const match = await seen;
    expect(fs.readdirSync(tmp)).toHaveLength(1);
    child.kill('SIGKILL');
    const url = match[1];
    const serverGone = async () => !url || (await fetch(`${url}/-/ready`).then(() => false, () => true));
    // The shells stop the command, wait for it, then delete the folder: give a loaded machine time.
    await until(async () => (await serverGone()) && fs.readdirSync(tmp).length === 0, 60_000);
    expect(await serverGone()).toBe(true);
    expect(fs.readdirSync(tmp, { recursive: true })).toEqual([]);
  }, 120_000);
});
