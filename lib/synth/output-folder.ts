import * as fs from 'fs';
import * as path from 'path';

/**
 * Which folder synth may own as its output folder. Synth replaces and deletes files in
 * it, so a wrong value (`CDK8S_OUTDIR=''` resolves to the project root) must be refused
 * before anything is touched, with one line that says why.
 */

/** Name of the manifest synth keeps in its output folder: it marks the folder as synth's. */
export const MANIFEST_FILE = '.synth-manifest';
/** Folder, in the project root, that holds the synth lock and the staging of a run. */
export const WORK_FOLDER = '.synth';
/** Charts synth writes: a folder holding nothing else is taken as synth output (see adoption below). */
export const CHART_FILE_SUFFIX = '.k8s.yaml';
/** Folders of the project root that synth never writes into. */
const PROTECTED_FOLDERS = ['.git', 'node_modules', WORK_FOLDER];
/** Files whose presence says a folder holds sources, never output. */
const SOURCE_MARKERS = ['.git', 'package.json'];
const SOURCE_SUFFIXES = ['.ts', '.js'];

export class OutputFolderRefused extends Error {
  constructor(readonly outdir: string, reason: string) {
    super(`refusing output folder ${JSON.stringify(outdir)}: ${reason}`);
    this.name = 'OutputFolderRefused';
  }
}

/** `file` relative to `root` with `/` separators. */
export function relativePosix(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The deepest part of `target` that exists, resolved through symbolic links. */
function realExistingPart(target: string): string {
  let current = target;
  while (!fs.existsSync(current)) current = path.dirname(current);
  return path.join(fs.realpathSync(current), path.relative(current, target));
}

/**
 * Checks the output folder by its path alone, before anything is created: returns it
 * relative to `projectRoot` (`dist`), or throws OutputFolderRefused.
 */
export function checkOutputFolderPath(projectRoot: string, outdir: string): string {
  if (outdir.trim() === '') {
    throw new OutputFolderRefused(outdir, 'it is empty, which means the project root; unset CDK8S_OUTDIR for dist/, or name a folder such as dist');
  }
  const root = path.resolve(projectRoot);
  const target = path.resolve(root, outdir);
  if (target === root || isInside(target, root)) {
    throw new OutputFolderRefused(outdir, `it is the project root ${root} or a folder above it; name a folder inside the project, such as dist`);
  }
  if (!isInside(root, target)) {
    throw new OutputFolderRefused(outdir, `it is outside the project root ${root}; synth writes only inside the project`);
  }
  const relative = relativePosix(root, target);
  const top = relative.split('/')[0];
  if (PROTECTED_FOLDERS.includes(top)) {
    throw new OutputFolderRefused(outdir, `it is inside ${top}/, which synth never writes into`);
  }
  if (fs.lstatSync(target, { throwIfNoEntry: false })?.isSymbolicLink()) {
    throw new OutputFolderRefused(outdir, 'it is a symbolic link; name the real folder');
  }
  if (!isInside(fs.realpathSync(root), realExistingPart(target))) {
    throw new OutputFolderRefused(outdir, 'a symbolic link on its path leads outside the project root');
  }
  return relative;
}

/**
 * Checks what an existing output folder holds: the manifest, files the manifest lists and
 * chart files (`*.k8s.yaml`) only. So a folder synth did not create is refused, except a
 * folder of chart files alone, which is adopted as the output of a synth from before
 * manifests existed. Sources (`.git`, `package.json`, `*.ts`) are refused even if listed.
 */
export function checkOutputFolderContents(projectRoot: string, outdir: string, listed: ReadonlySet<string>): void {
  const target = path.join(projectRoot, outdir);
  const stat = fs.lstatSync(target, { throwIfNoEntry: false });
  if (!stat) return;
  if (!stat.isDirectory()) throw new OutputFolderRefused(outdir, 'it exists and is not a folder');
  for (const file of walkFiles(target)) {
    const relative = `${outdir}/${relativePosix(target, file)}`;
    const name = path.basename(file);
    if (SOURCE_MARKERS.includes(name) || SOURCE_SUFFIXES.some((suffix) => name.endsWith(suffix))) {
      throw new OutputFolderRefused(outdir, `it holds sources (${relative}); name a folder that only synth writes to`);
    }
    if (fs.lstatSync(file).isSymbolicLink()) {
      throw new OutputFolderRefused(outdir, `it holds a symbolic link (${relative}), which synth did not write`);
    }
    if (name === MANIFEST_FILE || listed.has(relative) || name.endsWith(CHART_FILE_SUFFIX)) continue;
    throw new OutputFolderRefused(outdir,
      `${relative} is not synth output (not in ${outdir}/${MANIFEST_FILE}, not *${CHART_FILE_SUFFIX}); move it out or choose another folder`);
  }
}

/** Every entry below `folder` that is not a folder (files, links), depth first, `.git` included. */
function* walkFiles(folder: string): Generator<string> {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === '.git') yield full;
      else yield* walkFiles(full);
    } else {
      yield full;
    }
  }
}

/**
 * Checks a path of a generated file, relative to the project root; returns the reason it
 * is refused, or undefined when synth may write (or delete) it.
 */
export function refusedGeneratedPath(file: string): string | undefined {
  if (file === '' || file.includes('\0') || path.isAbsolute(file) || path.posix.normalize(file) !== file
    || file.startsWith('../') || file === '..' || file === '.' || file.includes('\\')) {
    return 'must be a normalized relative path inside the project root, with / separators';
  }
  const top = file.split('/')[0];
  if (PROTECTED_FOLDERS.includes(top)) return `is inside ${top}/, which synth never writes into`;
  const name = path.posix.basename(file);
  if (SOURCE_MARKERS.includes(name) || SOURCE_SUFFIXES.some((suffix) => name.endsWith(suffix))) {
    return 'names a source file, which synth never writes';
  }
  return undefined;
}
