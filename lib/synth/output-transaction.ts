import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import {
  Journal, JournalEntry, recoverInterruptedTransactions, removeTransactionFolder, rollBack, rollForward,
  STAGED_FOLDER, StepObserver, writeJournal,
} from './commit-journal';
import {
  checkOutputFolderContents, checkOutputFolderPath, MANIFEST_FILE, refusedGeneratedPath, relativePosix, WORK_FOLDER,
} from './output-folder';
import { acquireSynthLock, isAlive } from './synth-lock';
import { readManifest, renderManifest } from './output-manifest';

export interface OutputTransactionOptions {
  /** Folder the generated paths are relative to; nothing outside it is touched. */
  readonly projectRoot: string;
  /** Folder synth owns (one file per chart), relative to the project root; checked by checkOutputFolderPath. */
  readonly outdir: string;
  /** How long to wait for another synth of the same project. @default 60_000 */
  readonly lockTimeoutMs?: number;
  /** Told when this run waits for another synth, or finishes one that was killed. */
  readonly onNotice?: (message: string) => void;
  /** Called before each change on disk; fault tests kill or throw there. @default none */
  readonly onStep?: StepObserver;
}

export interface CommitSummary {
  /** Files created or given new content (relative to the project root). */
  readonly written: readonly string[];
  /** How many generated files already had the content produced, and were left alone. */
  readonly unchanged: number;
  /** Files of the previous run that are no longer produced, deleted. */
  readonly removed: readonly string[];
  /** Files no longer produced that were edited since synth wrote them: kept, for a person to decide. */
  readonly keptEdited: readonly string[];
}

/** A generated file synth must not write where it was asked to. */
export class GeneratedFileRefused extends Error {
  constructor(readonly file: string, reason: string) {
    super(`generated file ${JSON.stringify(file)} ${reason}`);
    this.name = 'GeneratedFileRefused';
  }
}

/** What a failed commit left on disk. */
export type OnDisk = 'unchanged' | 'restored' | 'mixed';

export class OutputCommitError extends Error {
  constructor(readonly cause: unknown, readonly onDisk: OnDisk, detail = '') {
    super(`${cause instanceof Error ? cause.message : String(cause)}${detail}`);
    this.name = 'OutputCommitError';
  }
}

/**
 * Every file one synth run generates, written as one transaction: files are staged as
 * they are written (memory stays flat), then `commit()` swaps them all in and deletes
 * the files of the previous run that are no longer produced, or `abort()` leaves every
 * generated file as it was. A kill at any point leaves, once the next run has recovered
 * (see commit-journal.ts), all files old or all new. Holds the project's synth lock from
 * begin to commit or abort.
 */
export class OutputTransaction {
  /** The output folder, relative to the project root (`dist`). */
  readonly outdir: string;
  /** Whether the output folder had no manifest yet and was taken over as synth's (chart files only). */
  readonly adopted: boolean;
  private readonly root: string;
  private readonly folder: string;
  private readonly step: StepObserver;
  private readonly previous: ReadonlyMap<string, string>;
  private readonly produced = new Map<string, string>();
  private readonly staged: string[] = [];
  private readonly safeFolders = new Set<string>();
  private state: 'open' | 'closed' = 'open';

  /** Use beginOutputTransaction. */
  constructor(root: string, outdir: string, private readonly releaseLock: () => void, step: StepObserver) {
    this.root = root;
    this.outdir = outdir;
    this.step = step;
    this.folder = path.join(root, WORK_FOLDER, `txn-${process.pid}`);
    const manifest = path.join(root, outdir, MANIFEST_FILE);
    this.previous = readManifest(manifest);
    checkOutputFolderContents(root, outdir, new Set(this.previous.keys()));
    this.adopted = fs.existsSync(path.join(root, outdir)) && !fs.existsSync(manifest);
    fs.mkdirSync(path.join(this.folder, STAGED_FOLDER), { recursive: true });
  }

  /**
   * Stages `content` for `file` (relative to the project root); identical content is not
   * rewritten. Returns the content's SHA-256, as the manifest records it.
   */
  write(file: string, content: string | Uint8Array): string {
    this.checkOpen();
    const refused = refusedGeneratedPath(file) ?? (file === this.manifestPath ? 'is the manifest, which synth writes itself' : undefined);
    if (refused) throw new GeneratedFileRefused(file, refused);
    return this.stage(file, typeof content === 'string' ? Buffer.from(content) : content);
  }

  /**
   * The text `file` (relative to the project root) has on disk now, before this transaction;
   * undefined when it is missing or not a regular file.
   */
  currentText(file: string): string | undefined {
    const target = path.join(this.root, file);
    if (!fs.lstatSync(target, { throwIfNoEntry: false })?.isFile()) return undefined;
    return fs.readFileSync(target, 'utf8');
  }

  /** Swaps every staged file in and removes the files no longer produced; throws OutputCommitError. */
  commit(): CommitSummary {
    this.checkOpen();
    this.state = 'closed';
    let journal: Journal;
    let summary: CommitSummary;
    try {
      this.stage(this.manifestPath, Buffer.from(renderManifest(this.produced)));
      const { removals, keptEdited } = this.removals();
      const entries: JournalEntry[] = [
        ...this.staged.map((file): JournalEntry => ({ action: 'put', path: file })),
        ...removals.map((file): JournalEntry => ({ action: 'remove', path: file })),
      ].sort((a, b) => a.path.localeCompare(b.path));
      journal = { entries, createdFolders: this.foldersToCreate() };
      const written = this.staged.filter((file) => file !== this.manifestPath);
      summary = { written, unchanged: this.produced.size - 1 - written.length, removed: removals, keptEdited };
      this.flushStaged();
      if (entries.length > 0) writeJournal(this.folder, journal, this.step);
    } catch (error) {
      this.close();
      throw new OutputCommitError(error, 'unchanged');
    }
    try {
      rollForward(this.root, this.folder, journal, this.step);
    } catch (error) {
      try {
        rollBack(this.root, this.folder, journal, this.step);
      } catch (rollbackError) {
        // The journal stays: the next run, under the lock, finishes the rollback.
        this.releaseLock();
        throw new OutputCommitError(error, 'mixed', `; undoing it failed too: ${(rollbackError as Error).message}`);
      }
      this.close();
      throw new OutputCommitError(error, 'restored');
    }
    this.close();
    return summary;
  }

  /** Drops everything staged; the generated files stay as they were. Does nothing once closed. */
  abort(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.close();
  }

  /** Every staged file reaches the disk before the journal that puts it in place. */
  private flushStaged(): void {
    for (const file of this.staged) {
      const descriptor = fs.openSync(path.join(this.folder, STAGED_FOLDER, file), 'r');
      try {
        fs.fsyncSync(descriptor);
      } finally {
        fs.closeSync(descriptor);
      }
    }
  }

  private get manifestPath(): string {
    return `${this.outdir}/${MANIFEST_FILE}`;
  }

  private stage(file: string, content: Uint8Array): string {
    if (this.produced.has(file)) throw new GeneratedFileRefused(file, 'is written twice');
    const target = path.join(this.root, file);
    this.checkFolderInsideRoot(path.dirname(target), file);
    const digest = sha256(content);
    this.produced.set(file, digest);
    const current = fs.lstatSync(target, { throwIfNoEntry: false });
    if (current && !current.isFile()) throw new GeneratedFileRefused(file, 'cannot be written: something other than a file is in its place');
    if (current?.size === content.length && fs.readFileSync(target).equals(content)) return digest;
    this.step(`stage ${file}`);
    // Flushed in one pass before the journal is written (flushStaged): one fsync per file
    // as it is written cost more than building the chart at hundreds of charts.
    const staged = path.join(this.folder, STAGED_FOLDER, file);
    fs.mkdirSync(path.dirname(staged), { recursive: true });
    fs.writeFileSync(staged, content);
    this.staged.push(file);
    return digest;
  }

  /** A symbolic link on the way must not lead a write out of the project. */
  private checkFolderInsideRoot(folder: string, file: string): void {
    if (this.safeFolders.has(folder)) return;
    let existing = folder;
    while (!fs.existsSync(existing)) existing = path.dirname(existing);
    const real = fs.realpathSync(existing);
    const realRoot = fs.realpathSync(this.root);
    if (real !== realRoot && !real.startsWith(`${realRoot}${path.sep}`)) {
      throw new GeneratedFileRefused(file, 'would be written outside the project through a symbolic link');
    }
    this.safeFolders.add(folder);
  }

  /**
   * Files to delete: in the output folder, everything not produced (it holds chart files
   * and listed files only, checked at begin); elsewhere, files of the previous manifest
   * not produced, and only while they still have the content synth wrote.
   */
  private removals(): { removals: string[]; keptEdited: string[] } {
    const removals = new Set<string>();
    const keptEdited: string[] = [];
    const outdir = path.join(this.root, this.outdir);
    if (fs.existsSync(outdir)) {
      for (const entry of fs.readdirSync(outdir, { recursive: true, withFileTypes: true })) {
        if (entry.isDirectory()) continue;
        const file = relativePosix(this.root, path.join(entry.parentPath, entry.name));
        if (!this.produced.has(file)) removals.add(file);
      }
    }
    for (const [file, hash] of this.previous) {
      if (this.produced.has(file) || removals.has(file) || refusedGeneratedPath(file)) continue;
      const target = path.join(this.root, file);
      if (!fs.lstatSync(target, { throwIfNoEntry: false })?.isFile()) continue;
      if (sha256(fs.readFileSync(target)) === hash) removals.add(file);
      else keptEdited.push(file);
    }
    return { removals: [...removals].sort(), keptEdited };
  }

  /** Folders that do not exist yet and the staged files need, deepest first. */
  private foldersToCreate(): string[] {
    const folders = new Set<string>();
    for (const file of this.staged) {
      for (let folder = path.posix.dirname(file); folder !== '.'; folder = path.posix.dirname(folder)) {
        if (fs.existsSync(path.join(this.root, folder))) break;
        folders.add(folder);
      }
    }
    return [...folders].sort((a, b) => b.split('/').length - a.split('/').length || a.localeCompare(b));
  }

  private checkOpen(): void {
    if (this.state !== 'open') throw new Error('the output transaction is already committed or aborted');
  }

  private close(): void {
    try {
      removeTransactionFolder(this.folder);
    } finally {
      this.releaseLock();
    }
  }
}

export function sha256(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Checks the output folder, takes the project's synth lock (waiting for another synth),
 * finishes what killed runs left, and opens a transaction. Throws OutputFolderRefused
 * (nothing touched) for an output folder synth must not own.
 */
export function beginOutputTransaction(options: OutputTransactionOptions): OutputTransaction {
  const root = path.resolve(options.projectRoot);
  const outdir = checkOutputFolderPath(root, options.outdir);
  const workFolder = path.join(root, WORK_FOLDER);
  const step = options.onStep ?? (() => undefined);
  const release = acquireSynthLock(path.join(workFolder, 'lock'), { timeoutMs: options.lockTimeoutMs, onWait: options.onNotice });
  try {
    for (const line of recoverInterruptedTransactions(root, workFolder, step)) options.onNotice?.(line);
    removeDeadLockFiles(workFolder);
    restoreLegacyLeftovers(root, outdir, options.onNotice);
    return new OutputTransaction(root, outdir, release, step);
  } catch (error) {
    release();
    throw error;
  }
}

/** Temporary lock files (`lock.<pid>.tmp`) of processes killed while taking the lock. */
function removeDeadLockFiles(workFolder: string): void {
  for (const name of fs.readdirSync(workFolder)) {
    const pid = /^lock\.(\d+)\.tmp$/.exec(name)?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && !isAlive(Number(pid))) fs.rmSync(path.join(workFolder, name), { force: true });
  }
}

/**
 * Synth before transactions staged in `<outdir>.synth-<pid>` and retired the old output
 * to `<outdir>.previous-<pid>`; a killed run left them. The retired output is put back
 * if the output folder is missing, and the rest deleted.
 */
function restoreLegacyLeftovers(root: string, outdir: string, notice?: (message: string) => void): void {
  const parent = path.dirname(path.join(root, outdir));
  const base = path.basename(outdir);
  const leftover = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(synth|previous)-(\\d+)$`);
  for (const name of fs.readdirSync(parent).sort()) {
    const match = leftover.exec(name);
    if (!match || isAlive(Number(match[2]))) continue;
    const full = path.join(parent, name);
    if (match[1] === 'previous' && !fs.existsSync(path.join(root, outdir))) {
      fs.renameSync(full, path.join(root, outdir));
      notice?.(`put back ${relativePosix(root, full)}, the output a killed synth had moved aside, as ${outdir}/`);
    } else {
      fs.rmSync(full, { recursive: true, force: true });
      notice?.(`deleted ${relativePosix(root, full)}, left by a killed synth`);
    }
  }
}
