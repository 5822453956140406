import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The suite must leave nothing in the temp folder. Global setup gives the run a temp folder
 * of its own (TMPDIR, which Jest's workers and every process a test starts inherit), so
 * files other processes on the machine write never count, however Jest is started; global
 * teardown removes it and fails the run naming what a test left there.
 */
// Jest's and Node's own caches, not the tests'.
const IGNORED = /^(jest_|v8-compile-cache|node-compile-cache)/;
/** TMPDIR as it was before the run, to put back. */
const OUTER_TMPDIR = 'TEST_OUTER_TMPDIR';

/** `env`: the environment the run's processes inherit (a test passes one of its own). */
export function useOwnTempFolder(env: NodeJS.ProcessEnv = process.env): void {
  const folder = fs.mkdtempSync(path.join(env.TMPDIR || os.tmpdir(), 'jest-run-'));
  env[OUTER_TMPDIR] = env.TMPDIR ?? '';
  env.TMPDIR = folder;
}

export function checkOwnTempFolder(env: NodeJS.ProcessEnv = process.env): void {
  const folder = env.TMPDIR;
  const outer = env[OUTER_TMPDIR];
  if (folder === undefined || outer === undefined) throw new Error('the temp-folder guard\'s global setup did not run');
  if (outer === '') delete env.TMPDIR;
  else env.TMPDIR = outer;
  delete env[OUTER_TMPDIR];
  const left = fs.readdirSync(folder).filter((entry) => !IGNORED.test(entry));
  fs.rmSync(folder, { recursive: true, force: true });
  if (left.length > 0) throw new Error(`tests left ${left.length} entries in the temp folder: ${left.slice(0, 10).join(', ')}`);
}
