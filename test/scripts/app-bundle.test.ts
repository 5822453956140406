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
  'export function run(): void | Promise<void> {',
  "  if (process.env.PROBE_THROW) throw new Error('probe failed on purpose');",
  // An ES-module-only package, left outside the bundle and loaded by Node's own loader.
  "  if (process.env.PROBE_IMPORT) return import('@prometheus-io/lezer-promql').then(({ parser }) => {",
  "    console.log(`imported ${typeof parser.parse}`);",
  "    process.emitWarning('a warning of the app itself', 'ExperimentalWarning');",
  '  });',
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

/** The bundle with the probe's message changed, same length (esbuild writes the string in double quotes). */
function altered(bundle: string): string {
  const changed = bundle.replace('"probe ran"', '"probe RAN"');
  expect(changed).not.toBe(bundle);
  return changed;
}

describe('the cached app bundle', () => {
  it('loads ES-module-only packages by import(), without Node\'s warning about its loader, and keeps other warnings', () => {
    const run = probe().run({ PROBE_IMPORT: 'true' });
    expect(run).toMatchObject({ status: 0, stdout: 'imported function\n' });
    expect(run.stderr).not.toContain('USE_MAIN_CONTEXT_DEFAULT_LOADER');
    expect(run.stderr).toContain('ExperimentalWarning: a warning of the app itself');
  });

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
      () => fs.writeFileSync(file, altered(good)),
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

  it('skips the hashes while a stamp of every input\'s size, mtime and inode still matches, and checks fully once one differs', () => {
    const app = probe();
    const sources = ['probe.ts', 'message.ts'].map((name) => path.join(app.dir, name));
    // Whole seconds: utimes then sets exactly this mtime, so the test can put it back.
    const aMinuteAgo = Math.floor(Date.now() / 1000) - 60;
    for (const source of sources) fs.utimesSync(source, aMinuteAgo, aMinuteAgo);
    app.run();
    // Inputs written in the last two seconds get no stamp (an edit in the same clock tick could hide).
    expect(fs.readdirSync(app.cacheDir).filter((name) => name.endsWith('.stamp'))).toEqual([]);
    for (const file of [app.bundle(), `${app.bundle()}.map`]) fs.utimesSync(file, aMinuteAgo, aMinuteAgo);
    app.run();
    const stamp = `${app.bundle()}.stamp`;
    expect(Object.keys(JSON.parse(fs.readFileSync(stamp, 'utf8')).files)).toEqual(expect.arrayContaining([...sources, app.bundle()]));

    // Same size, mtime and inode: trusted without reading (this is what the stamp saves), so not rebuilt.
    const good = fs.readFileSync(app.bundle(), 'utf8');
    fs.writeFileSync(app.bundle(), altered(good));
    fs.utimesSync(app.bundle(), aMinuteAgo, aMinuteAgo);
    expect(app.run().status).toBe(0);
    expect(fs.readFileSync(app.bundle(), 'utf8')).toBe(altered(good));

    // Any visible change falls back to the hashes: the altered bundle is rebuilt, an edit is picked up.
    fs.utimesSync(app.bundle(), aMinuteAgo, aMinuteAgo + 1);
    expect(app.run().stdout).toBe(`probe ran NaN ${path.basename(app.dir)}\n`);
    fs.writeFileSync(path.join(app.dir, 'message.ts'), "export const message = 'probe edited';\n");
    expect(app.run().stdout).toBe(`probe edited NaN ${path.basename(app.dir)}\n`);
    fs.writeFileSync(stamp, '{"node":');
    expect(app.run()).toMatchObject({ status: 0, stdout: `probe edited NaN ${path.basename(app.dir)}\n` });
  });

  it('keeps V8\'s code cache of a whole run, uses it while it matches, and ignores a damaged one or one of another bundle', () => {
    const app = probe();
    app.run();
    const caches = () => fs.readdirSync(app.cacheDir).filter((name) => name.endsWith('.v8cache'));
    expect(caches()).toEqual([expect.stringMatching(new RegExp(`-probe\\.cjs\\.${process.version.replace(/\./g, '\\.')}\\.[0-9a-f]{16}\\.v8cache$`))]);
    const cache = path.join(app.cacheDir, caches()[0]);
    const taken = fs.readFileSync(cache);
    expect(taken.length).toBeGreaterThan(8);
    // Used, so not taken again.
    const before = fs.statSync(cache).mtimeMs;
    expect(app.run()).toMatchObject({ status: 0, stdout: `probe ran NaN ${path.basename(app.dir)}\n` });
    expect(fs.statSync(cache).mtimeMs).toBe(before);
    // A flipped byte fails its checksum: the run compiles as it goes and takes a good cache again.
    const damaged = Buffer.from(taken);
    damaged[damaged.length - 10] ^= 0xff;
    fs.writeFileSync(cache, damaged);
    expect(app.run()).toMatchObject({ status: 0, stdout: `probe ran NaN ${path.basename(app.dir)}\n` });
    expect(fs.readFileSync(cache).equals(damaged)).toBe(false);
    fs.writeFileSync(cache, taken.subarray(0, 100));
    expect(app.run()).toMatchObject({ status: 0, stdout: `probe ran NaN ${path.basename(app.dir)}\n` });
    // Another bundle gets a cache of its own; the old one goes.
    fs.writeFileSync(path.join(app.dir, 'message.ts'), "export const message = 'probe edited';\n");
    expect(app.run().stdout).toBe(`probe edited NaN ${path.basename(app.dir)}\n`);
    expect(caches()).toHaveLength(1);
    expect(caches()[0]).not.toBe(path.basename(cache));
  });

  it('prints stack traces at TypeScript lines', () => {
    const app = probe();
    const run = app.run({ PROBE_THROW: 'true' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('probe failed on purpose');
    expect(run.stderr).toContain(`${path.join(app.dir, 'probe.ts')}:4:`);
  });
});
