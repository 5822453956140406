import * as fs from 'fs';
import * as path from 'path';

/**
 * The commit point of an output transaction. Renaming several files is not atomic, so a
 * run first stages every new file in its transaction folder, then writes this journal
 * (durably): from then on the transaction is committed, and whoever finds the journal
 * (the run itself, or the next run after a kill) rolls it forward. Each step below can
 * be repeated after a crash at any point, because it reads its progress off the disk:
 *
 * - put: the staged file `new/<path>` still exists until it is renamed onto `<path>`; the
 *   previous file is first hard-linked to `old/<path>`, so the target never disappears.
 * - remove: `<path>` is renamed to `old/<path>`.
 *
 * A run that fails while applying marks the journal aborted and rolls it back from `old/`;
 * the marker makes a kill during that rollback finish as a rollback too.
 */

export interface JournalEntry {
  readonly action: 'put' | 'remove';
  /** Relative to the project root, `/`-separated. */
  readonly path: string;
}

export interface Journal {
  readonly entries: readonly JournalEntry[];
  /** Folders the puts create, deepest first: a rollback removes them again if empty. */
  readonly createdFolders: readonly string[];
}

/** Called before each change on disk with what it is about to do; fault tests kill or throw there. */
export type StepObserver = (step: string) => void;

const JOURNAL_FILE = 'journal.json';
const ABORTED_FILE = 'aborted';
export const STAGED_FOLDER = 'new';
const BACKUP_FOLDER = 'old';

/** Writes a file and flushes it to the disk before returning. */
export function writeFileDurably(file: string, content: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const descriptor = fs.openSync(file, 'w');
  try {
    fs.writeFileSync(descriptor, content);
    fs.fsyncSync(descriptor);
  } finally {
    fs.closeSync(descriptor);
  }
}

function syncFolder(folder: string): void {
  const descriptor = fs.openSync(folder, 'r');
  try {
    fs.fsyncSync(descriptor);
  } finally {
    fs.closeSync(descriptor);
  }
}

const exists = (file: string) => fs.lstatSync(file, { throwIfNoEntry: false }) !== undefined;

/** The commit point: after this returns, the transaction in `transactionFolder` is committed. */
export function writeJournal(transactionFolder: string, journal: Journal, step: StepObserver): void {
  const temporary = path.join(transactionFolder, `${JOURNAL_FILE}.tmp`);
  step('write journal');
  writeFileDurably(temporary, JSON.stringify(journal));
  step('commit journal');
  fs.renameSync(temporary, path.join(transactionFolder, JOURNAL_FILE));
  syncFolder(transactionFolder);
}

function readJournal(transactionFolder: string): Journal | undefined {
  const file = path.join(transactionFolder, JOURNAL_FILE);
  if (!exists(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Journal;
  } catch (error) {
    throw new Error(`the commit journal ${file} of an interrupted synth is damaged (${(error as Error).message}); `
      + 'restore the generated files from git and delete that folder');
  }
}

/** Moves `from` to `to`, creating `to`'s folder. */
function move(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.renameSync(from, to);
}

function keepBackup(target: string, backup: string): void {
  fs.mkdirSync(path.dirname(backup), { recursive: true });
  try {
    fs.linkSync(target, backup);
  } catch {
    fs.copyFileSync(target, backup); // file systems without hard links
  }
}

/** Applies every entry of a committed journal; safe to repeat. */
export function rollForward(projectRoot: string, transactionFolder: string, journal: Journal, step: StepObserver): void {
  const touchedFolders = new Set<string>();
  for (const { action, path: file } of journal.entries) {
    const target = path.join(projectRoot, file);
    const staged = path.join(transactionFolder, STAGED_FOLDER, file);
    const backup = path.join(transactionFolder, BACKUP_FOLDER, file);
    if (action === 'put' && exists(staged)) {
      if (exists(target) && !exists(backup)) {
        step(`back up ${file}`);
        keepBackup(target, backup);
      }
      step(`put ${file}`);
      move(staged, target);
    } else if (action === 'remove' && exists(target)) {
      step(`remove ${file}`);
      move(target, backup);
    }
    touchedFolders.add(path.dirname(target));
  }
  for (const { action, path: file } of journal.entries) {
    if (action === 'remove') removeEmptyFolders(projectRoot, path.dirname(path.join(projectRoot, file)));
  }
  for (const folder of touchedFolders) if (exists(folder)) syncFolder(folder);
}

/** Undoes whatever part of a journal was applied; safe to repeat. */
export function rollBack(projectRoot: string, transactionFolder: string, journal: Journal, step: StepObserver): void {
  step('mark journal aborted');
  writeFileDurably(path.join(transactionFolder, ABORTED_FILE), '');
  for (const { action, path: file } of [...journal.entries].reverse()) {
    const target = path.join(projectRoot, file);
    const staged = path.join(transactionFolder, STAGED_FOLDER, file);
    const backup = path.join(transactionFolder, BACKUP_FOLDER, file);
    if (action === 'put' && !exists(staged) && exists(target)) {
      step(`take back ${file}`);
      move(target, staged);
    }
    if (!exists(backup)) continue;
    step(`restore ${file}`);
    if (exists(target)) fs.rmSync(backup); // the backup is a link to the untouched target
    else move(backup, target);
  }
  for (const folder of journal.createdFolders) {
    removeEmptyFolders(projectRoot, path.join(projectRoot, folder));
  }
}

/** Removes `folder` and its parents while they are empty, never the project root itself. */
function removeEmptyFolders(projectRoot: string, folder: string): void {
  let current = folder;
  while (current.startsWith(`${projectRoot}${path.sep}`)) {
    try {
      fs.rmdirSync(current);
    } catch {
      return; // not empty, or already gone
    }
    current = path.dirname(current);
  }
}

/** Deletes a finished transaction folder: the journal first, so a kill here leaves only staging to sweep. */
export function removeTransactionFolder(transactionFolder: string): void {
  fs.rmSync(path.join(transactionFolder, JOURNAL_FILE), { force: true });
  fs.rmSync(transactionFolder, { recursive: true, force: true });
}

/**
 * Finishes what killed runs left in the work folder (call it holding the synth lock, so
 * none of them is running): a committed journal is rolled forward (or back, if it was
 * aborted or cannot go forward), staging without a journal is deleted. Returns one line
 * per transaction it finished.
 */
export function recoverInterruptedTransactions(projectRoot: string, workFolder: string, step: StepObserver): string[] {
  const report: string[] = [];
  if (!exists(workFolder)) return report;
  for (const name of fs.readdirSync(workFolder).sort()) {
    if (!name.startsWith('txn-')) continue;
    const folder = path.join(workFolder, name);
    const journal = readJournal(folder);
    const run = `the interrupted synth (pid ${name.slice('txn-'.length)})`;
    if (journal === undefined) {
      removeTransactionFolder(folder);
      continue;
    }
    if (!exists(path.join(folder, ABORTED_FILE))) {
      try {
        rollForward(projectRoot, folder, journal, step);
        removeTransactionFolder(folder);
        report.push(`finished the commit of ${run} (${journal.entries.length} file changes)`);
        continue;
      } catch {
        // fall through to the rollback below, which reports its own failure
      }
    }
    try {
      rollBack(projectRoot, folder, journal, step);
    } catch (error) {
      throw new Error(`could not recover ${run} from ${folder}: ${(error as Error).message}; `
        + 'fix the cause and run synth again (it retries the recovery)');
    }
    removeTransactionFolder(folder);
    report.push(`undid the unfinished commit of ${run}`);
  }
  return report;
}
