import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import { readCodeCache, writeCodeCache } from '../../scripts/v8-code-cache';
import { codeCacheName, pruneCodeCaches } from '../support/code-cached-runtime';
import { temporaryFolders } from '../support/temporary-folders';

const ROOT = path.resolve(__dirname, '../..');
const folder = temporaryFolders();

const cachedDataOf = (code: string) => {
  const script = new vm.Script(code, { filename: 'probe.js' });
  script.runInThisContext();
  return script.createCachedData();
};

describe('checksummed V8 code caches (scripts/v8-code-cache.js)', () => {
  it('reads back what it wrote, and V8 accepts it for the same code', () => {
    const code = '(function probe(a) { return a * 2; })';
    const file = path.join(folder('code-cache-'), 'probe.v8');
    expect(writeCodeCache(file, cachedDataOf(code))).toBe(true);
    const read = readCodeCache(file);
    expect(read).toBeDefined();
    expect(new vm.Script(code, { filename: 'probe.js', cachedData: read }).cachedDataRejected).toBe(false);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['probe.v8']);
  });

  it('refuses a damaged, truncated, empty or missing file', () => {
    const dir = folder('code-cache-');
    const file = path.join(dir, 'probe.v8');
    writeCodeCache(file, cachedDataOf('(function probe() { return 1; })'));
    const good = fs.readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 3] ^= 0xff;
    for (const damaged of [flipped, good.subarray(0, good.length - 10), good.subarray(0, 8), Buffer.alloc(0)]) {
      fs.writeFileSync(file, damaged);
      expect(readCodeCache(file)).toBeUndefined();
    }
    expect(readCodeCache(path.join(dir, 'none.v8'))).toBeUndefined();
  });

  it('writes nothing, and leaves no temporary file, where it cannot write', () => {
    const dir = folder('code-cache-');
    expect(writeCodeCache(path.join(dir, 'missing-folder', 'probe.v8'), cachedDataOf('1'))).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

/** Jest with this project's runtime on the test files of `project` (plain JavaScript), code caches in `<project>/caches`. */
function runJest(project: string, ...args: string[]) {
  const config = { rootDir: project, runtime: path.join(ROOT, 'test/support/code-cached-runtime.js'), transform: {}, cacheDirectory: path.join(project, 'jest') };
  return spawnSync(process.execPath, [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '--config', JSON.stringify(config), '--ci', ...args], {
    cwd: project, encoding: 'utf8', env: { ...process.env, JEST_CODE_CACHE: 'on', JEST_CODE_CACHE_DIR: path.join(project, 'caches'), NODE_OPTIONS: '--experimental-vm-modules' },
  });
}

describe('Jest runtime with code caches (test/support/code-cached-runtime.js)', () => {
  it('names a cache by the exact code', () => {
    expect(codeCacheName('a')).toMatch(/^[0-9a-f]{64}\.v8$/);
    expect(codeCacheName('a')).not.toBe(codeCacheName('b'));
  });

  it('deletes only caches unused since the given time', () => {
    const dir = folder('code-cache-');
    for (const name of ['old.v8', 'new.v8']) fs.writeFileSync(path.join(dir, name), 'x');
    const weekAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    fs.utimesSync(path.join(dir, 'old.v8'), weekAgo, weekAgo);
    expect(pruneCodeCaches(dir, Date.now() - 7 * 24 * 3600 * 1000)).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['new.v8']);
    expect(pruneCodeCaches(path.join(dir, 'none'), Date.now())).toBe(0);
  });

  it('runs a suite with caches it writes, then reads, and replaces one that is damaged', () => {
    const project = folder('code-cache-project-');
    const caches = path.join(project, 'caches');
    fs.writeFileSync(path.join(project, 'double.js'), 'exports.double = (n) => n * 2;\n');
    fs.writeFileSync(path.join(project, 'double.test.js'), [
      "const { double } = require('./double');",
      "test('runs modules compiled with code caches', async () => {",
      '  expect(double(21)).toBe(42);',
      // import() goes through the runtime's loader, as the schema packages' does.
      "  expect((await import('./double.js')).double(2)).toBe(4);",
      '});',
    ].join('\n'));
    const jest = () => runJest(project);
    const files = () => fs.readdirSync(caches).map((name) => path.join(caches, name));

    // Jest's module wrapper, as the runtime names its caches (Jest's own modules in the sandbox have theirs too).
    const ours = ['double.js', 'double.test.js'].map((name) => path.join(caches,
      codeCacheName(`(function (module, exports, require, __dirname, __filename, jest) {${fs.readFileSync(path.join(project, name), 'utf8')}\n})`)));

    let run = jest();
    expect(`${run.stdout}${run.stderr}`).toMatch(/Tests:\s+1 passed/);
    const written = files();
    expect(written).toEqual(expect.arrayContaining(ours));
    for (const file of written) expect(readCodeCache(file)).toBeDefined();

    // Second run: the intact caches are read and accepted (marked as used now); a damaged one
    // is not used, the suite still passes, and an intact cache replaces it.
    const damaged = ours[0];
    const intact = written.filter((file) => file !== damaged);
    const data = fs.readFileSync(damaged);
    data[data.length - 1] ^= 0xff;
    fs.writeFileSync(damaged, data);
    const longAgo = new Date('2020-01-01T00:00:00Z');
    for (const file of intact) fs.utimesSync(file, longAgo, longAgo);
    run = jest();
    expect(`${run.stdout}${run.stderr}`).toMatch(/Tests:\s+1 passed/);
    for (const file of intact) expect(fs.statSync(file).mtimeMs).toBeGreaterThan(longAgo.getTime());
    expect(readCodeCache(damaged)).toBeDefined();
    expect(files()).toEqual(written);
  });

  it('gives a later test file in the same worker the new code of a source changed in between', () => {
    const project = folder('code-cache-project-');
    fs.writeFileSync(path.join(project, 'answer.js'), 'exports.answer = 41;\n');
    // Jest runs the larger file first when it knows no durations: the padding orders them.
    fs.writeFileSync(path.join(project, 'a-first.test.js'), [
      `// ${'first '.repeat(200)}`,
      "test('reads the source as it is', () => expect(require('./answer').answer).toBe(41));",
    ].join('\n'));
    fs.writeFileSync(path.join(project, 'b-second.test.js'), [
      "const fs = require('fs');",
      "test('reads the source as it was changed', () => {",
      "  fs.writeFileSync(require.resolve('./answer'), 'exports.answer = 42; // changed\\n');",
      "  expect(require('./answer').answer).toBe(42);",
      '});',
    ].join('\n'));
    const run = runJest(project, '--runInBand', '--verbose');
    const output = `${run.stdout}${run.stderr}`;
    expect(output).toMatch(/Tests:\s+2 passed/);
    expect(output.indexOf('a-first.test.js')).toBeLessThan(output.indexOf('b-second.test.js'));
  });
});
