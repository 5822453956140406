import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { checkOwnTempFolder, useOwnTempFolder } from '../support/temp-folder-guard';
import { temporaryFolders } from '../support/temporary-folders';

/** `npm test` (scripts/test.js) and the suite's temp-folder guard, as a user meets them. */
const ROOT = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script of its own
const { nodeTooOld, unitArguments } = require('../../scripts/test.js') as {
  nodeTooOld: (version: string, engines: string) => string | undefined;
  unitArguments: (args: readonly string[]) => string[];
};
const ENGINES: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node;
const temporaryFolder = temporaryFolders();

describe('npm test', () => {
  it('refuses a Node older than package.json\'s engines with one line, before starting anything', () => {
    // The same Node, telling the script it is 20.11.1.
    const preload = path.join(temporaryFolder('old-node-'), 'old-node.js');
    fs.writeFileSync(preload, "Object.defineProperty(process.versions, 'node', { value: '20.11.1' });\n");
    const result = spawnSync(process.execPath, ['--require', preload, path.join(ROOT, 'scripts/test.js')], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr })
      .toEqual({ status: 1, stdout: '', stderr: `npm test needs Node ${ENGINES} (package.json "engines"); this is Node 20.11.1\n` });
  });

  it('accepts the Node of package.json\'s engines and newer ones', () => {
    const needed = Number(/\d+/.exec(ENGINES)![0]);
    expect(nodeTooOld(`${needed}.0.0`, ENGINES)).toBeUndefined();
    expect(nodeTooOld(`${needed + 2}.1.0`, ENGINES)).toBeUndefined();
    expect(nodeTooOld(`${needed - 1}.9.9`, ENGINES)).toBe(`npm test needs Node ${ENGINES} (package.json "engines"); this is Node ${needed - 1}.9.9`);
  });

  it('keeps the whole-suite coverage gate for the whole suite only, not for one file or one test name', () => {
    expect(unitArguments([])).toEqual([]);
    expect(unitArguments(['test/alerts/paging-drill.test.ts'])).toEqual(['test/alerts/paging-drill.test.ts', '--coverageThreshold={}']);
    expect(unitArguments(['-t', 'pages once'])).toEqual(['-t', 'pages once', '--coverageThreshold={}']);
  });
});

describe('the temp-folder guard', () => {
  // An environment of the test's own: the run's guard keeps its variables in the real one.
  let outer: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    outer = temporaryFolder('system-temp-');
    env = { TMPDIR: outer };
  });

  it('gives the run a temp folder of its own, and removes it when nothing was left in it', () => {
    useOwnTempFolder(env);
    const own = env.TMPDIR!;
    expect(path.dirname(own)).toBe(outer);
    expect(fs.readdirSync(own)).toEqual([]);
    checkOwnTempFolder(env);
    expect(fs.existsSync(own)).toBe(false);
    expect(env).toEqual({ TMPDIR: outer });
  });

  it('fails naming what a test left in it, and removes it all the same', () => {
    useOwnTempFolder(env);
    const own = env.TMPDIR!;
    fs.writeFileSync(path.join(own, 'left-behind.txt'), 'x');
    fs.mkdirSync(path.join(own, 'node-compile-cache'));
    expect(() => checkOwnTempFolder(env)).toThrow('tests left 1 entries in the temp folder: left-behind.txt');
    expect(fs.existsSync(own)).toBe(false);
  });

  it('ignores what other processes write to the temp folder around the run', () => {
    useOwnTempFolder(env);
    fs.mkdirSync(path.join(outer, 'another-process'));
    expect(() => checkOwnTempFolder(env)).not.toThrow();
  });

  it('says so when its setup did not run', () => {
    expect(() => checkOwnTempFolder(env)).toThrow('the temp-folder guard\'s global setup did not run');
  });
});
