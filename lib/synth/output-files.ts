import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Writes the generated files (charts, dashboards, docs) once every one of them is built
 * and checked. The rules, each held by a fault test:
 * - each file is written to a temporary file in its own folder and renamed over the old
 *   one, so a reader never sees half a file and no rename crosses a device;
 * - the manifest (`<outdir>/.synth-manifest`) lists every file synth wrote; a file it lists
 *   that this run no longer produces is deleted; a file no manifest lists is never
 *   overwritten or deleted: synth refuses, naming it, before it writes anything;
 * - before the first file, the manifest is rewritten to list the old files and the new
 *   ones, so whatever a killed run leaves behind is listed, and the next run, which
 *   rewrites every file whose content differs, ends with exactly its own output;
 * - two runs at once of the same sources write the same bytes, so both end right.
 * Git is the rollback: a run that fails part-way says so, and the next run finishes.
 */

/** Name of the manifest synth keeps in its output folder: it marks the folder as synth's. */
export const MANIFEST_FILE = '.synth-manifest';
/** Folders of the project root that synth never writes into. */
const PROTECTED_FOLDERS = ['.git', 'node_modules'];
/** Files whose presence says a folder holds sources, never output. */
const SOURCE_MARKERS = ['.git', 'package.json'];
const SOURCE_SUFFIXES = ['.ts', '.js'];
/** Temporary files: `.<name>.<pid>-<n>.synth-tmp`, next to the file they replace. */
const TEMPORARY = /^\..+\.(\d+)-\d+\.synth-tmp$/;

/** A generated file, relative to the project root. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** A problem with where synth was asked to write; nothing was written. */
export class OutputRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputRefused';
  }
}

/** An error while writing: some files may be new, some old; the next synth finishes the job. */
export class OutputWriteError extends Error {
  constructor(readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'OutputWriteError';
  }
}

export interface WriteSummary {
  /** Files created or given new content. */
  readonly written: readonly string[];
  /** Files that already had the content produced. */
  readonly unchanged: number;
  /** Files of the previous manifest no longer produced, deleted. */
  readonly removed: readonly string[];
}

export interface WriteOptions {
  /** Folder the paths are relative to; nothing outside it is touched. */
  readonly projectRoot: string;
  /** Synth's output folder, relative to the project root (`dist`): it holds the manifest. */
  readonly outdir: string;
  /** Called before each change on disk (fault tests stop or kill the run there). */
  readonly onStep?: (step: string) => void;
}

/** `outdir` relative to `projectRoot` with `/` separators, or OutputRefused for a folder synth must not own. */
export function checkOutputFolder(projectRoot: string, outdir: string): string {
  const refuse = (reason: string) => new OutputRefused(`refusing output folder ${JSON.stringify(outdir)}: ${reason}`);
  if (outdir.trim() === '') throw refuse('it is empty, which means the project root; name a folder such as dist');
  const root = path.resolve(projectRoot);
  const target = path.resolve(root, outdir);
  const relative = path.relative(root, target);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    throw refuse(`it is not a folder inside the project root ${root}; name one such as dist`);
  }
  const top = relative.split(path.sep)[0];
  if (PROTECTED_FOLDERS.includes(top)) throw refuse(`it is inside ${top}/, which synth never writes into`);
  return relative.split(path.sep).join('/');
}

/** The reason a generated path is refused, or undefined when synth may write (or delete) it. */
function refusedPath(file: string): string | undefined {
  if (file === '' || file.includes('\0') || file.includes('\\') || path.posix.isAbsolute(file)
    || path.posix.normalize(file) !== file || file === '.' || file === '..' || file.startsWith('../')) {
    return 'must be a normalized relative path inside the project root, with / separators';
  }
  if (PROTECTED_FOLDERS.includes(file.split('/')[0])) return `is inside ${file.split('/')[0]}/, which synth never writes into`;
  const name = path.posix.basename(file);
  if (SOURCE_MARKERS.includes(name) || SOURCE_SUFFIXES.some((suffix) => name.endsWith(suffix))) return 'names a source file, which synth never writes';
  return undefined;
}

export const sha256 = (content: string | Uint8Array) => createHash('sha256').update(content).digest('hex');

/** The manifest's text: `sha256sum` format, sorted, so `sha256sum -c dist/.synth-manifest` checks it. */
function renderManifest(files: ReadonlyMap<string, string>): string {
  return [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([file, hash]) => `${hash}  ${file}\n`).join('');
}

/** Path → SHA-256 of the manifest at `file`; empty when there is none. */
function readManifest(file: string): Map<string, string> {
  const files = new Map<string, string>();
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
    if (line === '') return;
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!match || refusedPath(match[2])) {
      throw new OutputRefused(`${file} line ${index + 1} is not "<sha256>  <path>" of a generated file; restore it with git checkout`);
    }
    files.set(match[2], match[1]);
  });
  return files;
}

function readManifestIfAny(file: string): Map<string, string> {
  return fs.existsSync(file) ? readManifest(file) : new Map();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let temporaryCount = 0;
/** Temporary files this process is writing now; any other of its pid was left by a run that failed. */
const inFlight = new Set<string>();

/** Writes `content` to `target` by a temporary file in the same folder and a rename. */
function replaceFile(target: string, content: string, step: (step: string) => void, label: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${temporaryCount++}.synth-tmp`);
  inFlight.add(temporary);
  try {
    step(`write ${label}`);
    fs.writeFileSync(temporary, content);
    step(`rename ${label}`);
    fs.renameSync(temporary, target);
  } finally {
    inFlight.delete(temporary);
  }
}

/**
 * One buffer reused from file to file: a buffer of a chart file's size each time is a fresh
 * allocation, whose pages the system maps anew for every file.
 */
class ByteScratch {
  private buffer = Buffer.alloc(0);

  private room(bytes: number): Buffer {
    if (this.buffer.length < bytes) this.buffer = Buffer.allocUnsafe(Math.max(bytes, 2 * this.buffer.length));
    return this.buffer;
  }

  /** `text` as UTF-8 (at most three bytes per UTF-16 unit), valid until the next call. */
  encode(text: string): Buffer {
    const buffer = this.room(3 * text.length);
    return buffer.subarray(0, buffer.write(text, 'utf8'));
  }

  /** Whether `file` holds exactly `bytes`: one byte more is asked for, so a longer file is told apart. */
  holdsFile(file: string, bytes: Uint8Array): boolean {
    const buffer = this.room(bytes.length + 1);
    const descriptor = fs.openSync(file, 'r');
    try {
      let read = 0;
      while (read <= bytes.length) {
        const chunk = fs.readSync(descriptor, buffer, read, bytes.length + 1 - read, read);
        if (chunk === 0) break;
        read += chunk;
      }
      return read === bytes.length && buffer.subarray(0, read).equals(bytes);
    } finally {
      fs.closeSync(descriptor);
    }
  }
}

/** Every entry below `folder` that is not a folder, as paths relative to `root`. */
function filesUnder(root: string, folder: string): string[] {
  if (!fs.existsSync(path.join(root, folder))) return [];
  return fs.readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/**
 * Writes `files` (paths relative to the project root) and the manifest, deletes what the
 * previous manifest listed and this run no longer produces, and leaves everything else alone.
 * Throws OutputRefused before any change, or OutputWriteError part-way.
 */
export function writeOutputFiles(files: readonly GeneratedFile[], options: WriteOptions): WriteSummary {
  const root = path.resolve(options.projectRoot);
  const outdir = checkOutputFolder(root, options.outdir);
  const step = options.onStep ?? (() => undefined);
  const manifestPath = `${outdir}/${MANIFEST_FILE}`;
  const manifestFile = path.join(root, manifestPath);
  if (fs.lstatSync(path.join(root, outdir), { throwIfNoEntry: false })?.isDirectory() === false) {
    throw new OutputRefused(`refusing output folder ${JSON.stringify(outdir)}: it exists and is not a folder`);
  }
  const previous = readManifestIfAny(manifestFile);
  // A path may come twice with the same content (an environment's clusters ship the same
  // dashboards); with other content it is a bug, never last-one-wins.
  const byPath = new Map<string, GeneratedFile>();
  for (const file of files) {
    const refused = refusedPath(file.path) ?? (file.path === manifestPath ? 'is the manifest, which synth writes itself' : undefined);
    if (refused) throw new OutputRefused(`generated file ${JSON.stringify(file.path)} ${refused}`);
    const earlier = byPath.get(file.path);
    if (earlier !== undefined && earlier.content !== file.content) throw new OutputRefused(`generated file ${JSON.stringify(file.path)} is generated twice with different content`);
    byPath.set(file.path, file);
  }
  const unique = [...byPath.values()];
  checkFoldersInsideRoot(root, [manifestPath, ...byPath.keys()]);

  // Nothing is written until every file is known to be synth's to write.
  const produced = new Map<string, string>();
  const changed: GeneratedFile[] = [];
  const foreign: string[] = [];
  const encoded = new ByteScratch();
  const onDisk = new ByteScratch();
  for (const file of unique) {
    const bytes = encoded.encode(file.content);
    produced.set(file.path, sha256(bytes));
    const target = path.join(root, file.path);
    const current = fs.lstatSync(target, { throwIfNoEntry: false });
    if (!current) {
      changed.push(file);
    } else if (!current.isFile()) {
      foreign.push(`${file.path} (not a regular file)`);
    } else if (current.size !== bytes.length || !onDisk.holdsFile(target, bytes)) {
      if (previous.has(file.path)) changed.push(file);
      else foreign.push(file.path);
    }
  }
  // In the output folder (which `kubectl apply -R` reads whole) nothing else may lie around.
  for (const file of filesUnder(root, outdir)) {
    if (file === manifestPath || produced.has(file) || previous.has(file) || TEMPORARY.test(path.posix.basename(file))) continue;
    foreign.push(file);
  }
  if (foreign.length > 0) {
    throw new OutputRefused(`${foreign.join(', ')}: not written by synth (not in ${manifestPath}); `
      + 'move it out of the way, or `git checkout` it if it is a committed generated file');
  }
  const removals = [...previous.keys()].filter((file) => !produced.has(file)
    && fs.lstatSync(path.join(root, file), { throwIfNoEntry: false })?.isFile()).sort();

  try {
    removeDeadTemporaries(root, [manifestPath, ...previous.keys(), ...produced.keys()], step);
    const everything = new Map([...previous, ...produced]);
    if (changed.length > 0 || removals.length > 0) {
      if (renderManifest(everything) !== renderManifest(previous)) replaceFile(manifestFile, renderManifest(everything), step, manifestPath);
      for (const file of changed) replaceFile(path.join(root, file.path), file.content, step, file.path);
      for (const file of removals) {
        step(`remove ${file}`);
        fs.rmSync(path.join(root, file), { force: true });
        removeEmptyFolders(root, path.posix.dirname(file));
      }
    }
    const manifest = renderManifest(produced);
    if (!fs.existsSync(manifestFile) || fs.readFileSync(manifestFile, 'utf8') !== manifest) replaceFile(manifestFile, manifest, step, manifestPath);
  } catch (error) {
    throw new OutputWriteError(error);
  }
  return { written: changed.map((file) => file.path), unchanged: unique.length - changed.length, removed: removals };
}

/**
 * A symbolic link on the way must not lead a write out of the project. Folders are checked,
 * not the files: a file that is a link is refused as not a regular file, and a rename
 * replaces a link rather than following it.
 */
function checkFoldersInsideRoot(root: string, files: readonly string[]): void {
  const realRoot = fs.realpathSync(root);
  const checked = new Set<string>();
  for (const file of files) {
    let existing = path.dirname(path.join(root, file));
    while (!fs.existsSync(existing)) existing = path.dirname(existing);
    if (checked.has(existing)) continue;
    checked.add(existing);
    const real = fs.realpathSync(existing);
    if (real !== realRoot && !real.startsWith(`${realRoot}${path.sep}`)) {
      throw new OutputRefused(`generated file ${JSON.stringify(file)} would be written outside the project through a symbolic link`);
    }
  }
}

/** Temporary files of killed runs, in the folders synth writes to. */
function removeDeadTemporaries(root: string, files: readonly string[], step: (step: string) => void): void {
  for (const folder of new Set(files.map((file) => path.join(root, path.posix.dirname(file))))) {
    if (!fs.existsSync(folder)) continue;
    for (const name of fs.readdirSync(folder)) {
      const pid = TEMPORARY.exec(name)?.[1];
      const full = path.join(folder, name);
      if (pid === undefined || inFlight.has(full) || (Number(pid) !== process.pid && isAlive(Number(pid)))) continue;
      step(`remove ${name}`);
      fs.rmSync(full, { force: true });
    }
  }
}

/** Removes `folder` and its parents while they are empty (a renamed environment's folders). */
function removeEmptyFolders(root: string, folder: string): void {
  for (let current = folder; current !== '.'; current = path.posix.dirname(current)) {
    try {
      fs.rmdirSync(path.join(root, current));
    } catch {
      return;
    }
  }
}
