import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * scripts/app-bundle.js: `npm run synth` runs main.ts from one cached esbuild bundle.
 * Each test builds a throwaway entry in a folder inside the project (.bench/ is
 * ignored by git; packages left outside the bundle resolve from there).
 */
const ROOT = path.resolve(__dirname, '../..');
fs.mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
const scratch = fs.mkdtempSync(path.join(ROOT, '.bench', 'app-bundle-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const PROBE = [
  "import { formatValue } from '../../../lib/validation/errors';",
  "import { message } from './message';",
  'export function run(): void {',
  "  if (process.env.PROBE_THROW) throw new Error('probe failed on purpose');",
  '  console.log(`${message} ${formatValue(Number.NaN)} ${path.basename(__dirname)}`);',
  '}',
  "import * as path from 'path';",
].join('\n');

interface Probe {
  readonly dir: string;
  readonly cacheDir: string;
  run(env?: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string };
  bundle(): string;
}

function probe(): Probe {
  const dir = fs.mkdtempSync(path.join(scratch, 'probe-'));
  fs.writeFileSync(path.join(dir, 'probe.ts'), PROBE);
  fs.writeFileSync(path.join(dir, 'message.ts'), "export const message = 'probe ran';\n");
  const cacheDir = path.join(dir, 'cache');
  const entry = path.relative(ROOT, path.join(dir, 'probe.ts'));
  const runner = `require(${JSON.stringify(path.join(ROOT, 'scripts/app-bundle.js'))}).requireBundled(${JSON.stringify(entry)}, ${JSON.stringify(cacheDir)})`
    + '.then((m) => m.run())';
  return {
    dir,
    cacheDir,
    run: (env = {}) => spawnSync(process.execPath, ['-e', runner], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env }, encoding: 'utf8' }),
    bundle: () => path.join(cacheDir, fs.readdirSync(cacheDir).find((name) => name.endsWith('.cjs'))!),
  };
}

describe('the cached app bundle', () => {
  it('runs the entry with each source seeing its own folder as __dirname, and reuses the bundle while nothing changed', () => {
    const app = probe();
    expect(app.run()).toMatchObject({ status: 0, stdout: `probe ran NaN ${path.basename(app.dir)}\n` });
    const built = fs.statSync(app.bundle());
    expect(app.run()).toMatchObject({ status: 0, stdout: `probe ran NaN ${path.basename(app.dir)}\n` });
    expect(fs.statSync(app.bundle()).mtimeMs).toBe(built.mtimeMs);
  });

  it('is rebuilt when one of its sources changes', () => {
    const app = probe();
    app.run();
    fs.writeFileSync(path.join(app.dir, 'message.ts'), "export const message = 'probe changed';\n");
    expect(app.run()).toMatchObject({ status: 0, stdout: `probe changed NaN ${path.basename(app.dir)}\n` });
  });

  it('is rebuilt, never run, when truncated, altered, stripped of its header or missing its source map', () => {
    const app = probe();
    app.run();
    const file = app.bundle();
    const good = fs.readFileSync(file, 'utf8');
    const damages: (() => void)[] = [
      () => fs.writeFileSync(file, good.slice(0, Math.floor(good.length / 2))),
      () => fs.writeFileSync(file, good.replace("'probe ran'", "'probe RAN'")),
      () => fs.writeFileSync(file, good.split('\n').slice(1).join('\n')),
      () => fs.rmSync(`${file}.map`),
      () => fs.writeFileSync(`${file}.map`, '{}'),
    ];
    for (const damage of damages) {
      damage();
      expect(app.run()).toMatchObject({ status: 0, stdout: `probe ran NaN ${path.basename(app.dir)}\n` });
      expect(fs.readFileSync(file, 'utf8')).toBe(good);
    }
    expect(fs.readdirSync(app.cacheDir).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  it('prints stack traces at TypeScript lines', () => {
    const app = probe();
    const run = app.run({ PROBE_THROW: 'true' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('probe failed on purpose');
    expect(run.stderr).toContain(`${path.join(app.dir, 'probe.ts')}:4:`);
  });
});
