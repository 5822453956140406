import * as fs from 'fs';
import * as path from 'path';

/**
 * One synth at a time per project: a lock file created atomically (hard link of a
 * complete temporary file, so its holder's pid is never half-written), removed when the
 * holder finishes. A lock whose holder is dead (killed synth) is taken over.
 */

export interface SynthLockOptions {
  /** How long to wait for another synth before giving up. @default 60_000 */
  readonly timeoutMs?: number;
  /** Told once when another synth holds the lock and this one starts waiting. */
  readonly onWait?: (message: string) => void;
}

/** Default wait for another synth: longer than a synth of hundreds of services takes. */
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 50;
/** A breaker file older than this was left by a killed process (breaking takes microseconds). */
const STALE_BREAKER_MS = 10_000;

export class SynthLockTimeout extends Error {
  constructor(readonly lockFile: string, readonly holder: number, seconds: number) {
    super(`another synth (pid ${holder}) still holds ${lockFile} after ${seconds} s; `
      + `wait for it to finish, or delete ${lockFile} if no synth is running`);
    this.name = 'SynthLockTimeout';
  }
}

/** Lock files held by this process: a second transaction in the same process is a bug, not a wait. */
const heldHere = new Set<string>();

/** Blocks (synth is synchronous from here on) until the lock is ours; returns its release. */
export function acquireSynthLock(lockFile: string, options: SynthLockOptions = {}): () => void {
  if (heldHere.has(lockFile)) throw new Error(`this process already holds ${lockFile}: finish its transaction first`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const started = Date.now();
  let toldWaiting = false;
  for (;;) {
    const holder = tryCreate(lockFile);
    if (holder === undefined) break;
    // Our own pid on a lock we do not hold: left by an earlier process that had our pid.
    if (holder === process.pid || !isAlive(holder)) {
      breakStaleLock(lockFile, holder);
      continue;
    }
    if (Date.now() - started >= timeoutMs) throw new SynthLockTimeout(lockFile, holder, timeoutMs / 1000);
    if (!toldWaiting) options.onWait?.(`waiting for the synth run by pid ${holder} to finish (lock ${lockFile})`);
    toldWaiting = true;
    sleep(POLL_INTERVAL_MS + Math.random() * POLL_INTERVAL_MS);
  }
  heldHere.add(lockFile);
  const releaseAtExit = () => release();
  process.once('exit', releaseAtExit);
  let released = false;
  function release(): void {
    if (released) return;
    released = true;
    heldHere.delete(lockFile);
    process.removeListener('exit', releaseAtExit);
    if (readHolder(lockFile) !== process.pid) return;
    fs.rmSync(lockFile, { force: true });
    // Leave no empty lock folder behind; one that still holds something (a waiter's file) stays.
    try {
      fs.rmdirSync(path.dirname(lockFile));
    } catch {
      // not empty: another synth is waiting or running
    }
  }
  return release;
}

/** Creates the lock holding our pid; returns undefined on success, else the holder's pid. */
function tryCreate(lockFile: string): number | undefined {
  const temporary = `${lockFile}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(lockFile), { recursive: true });
    fs.writeFileSync(temporary, `${process.pid}\n`);
    fs.linkSync(temporary, lockFile);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOENT: the last holder removed the empty lock folder meanwhile. Holder 0 (none
    // alive) makes the caller retry at once; so does a lock gone between link and read.
    if (code === 'ENOENT') return 0;
    if (code !== 'EEXIST') throw error;
    return readHolder(lockFile) ?? 0;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

function readHolder(lockFile: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid runs (EPERM: it does, under another user). */
export function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a lock whose holder is dead. Two waiters may both see it dead: a breaker file,
 * itself created atomically, lets only one remove it, after checking it is still the
 * same dead holder's (the other might already have taken the lock anew).
 */
function breakStaleLock(lockFile: string, deadHolder: number): void {
  const breaker = `${lockFile}.break`;
  try {
    fs.writeFileSync(breaker, `${process.pid}\n`, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = Date.now() - (fs.statSync(breaker, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > STALE_BREAKER_MS) fs.rmSync(breaker, { force: true });
    else sleep(POLL_INTERVAL_MS);
    return;
  }
  try {
    if ((readHolder(lockFile) ?? -1) === deadHolder) fs.rmSync(lockFile, { force: true });
  } finally {
    fs.rmSync(breaker, { force: true });
  }
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
function sleep(milliseconds: number): void {
  Atomics.wait(sleepCell, 0, 0, milliseconds);
}
