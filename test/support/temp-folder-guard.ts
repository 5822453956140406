import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The suite must leave nothing in the system temp folder: global setup records what is
 * there, global teardown fails the run naming what a test left behind.
 */
/** One record per temp folder, so a Jest run started by a test (with its own TMPDIR) keeps its own. */
const RECORD = path.join(__dirname, '..', '..', 'node_modules', '.cache',
  `jest-temp-folder-before-${createHash('sha256').update(os.tmpdir()).digest('hex').slice(0, 12)}.json`);
// Jest's and Node's own caches, not the tests'.
const IGNORED = /^(jest_|v8-compile-cache|node-compile-cache)/;

export function recordTempFolder(): void {
  fs.mkdirSync(path.dirname(RECORD), { recursive: true });
  fs.writeFileSync(RECORD, JSON.stringify(fs.readdirSync(os.tmpdir())));
}

export function checkTempFolder(): void {
  const before = new Set<string>(JSON.parse(fs.readFileSync(RECORD, 'utf8')));
  fs.rmSync(RECORD, { force: true });
  const left = fs.readdirSync(os.tmpdir()).filter((entry) => !before.has(entry) && !IGNORED.test(entry));
  if (left.length > 0) throw new Error(`tests left ${left.length} entries in ${os.tmpdir()}: ${left.slice(0, 10).join(', ')}`);
}
