import * as fs from 'fs';

/**
 * The manifest synth keeps in its output folder: every generated file, relative to the
 * project root, with the SHA-256 of its content, one per line in `sha256sum` format and
 * sorted (so `sha256sum -c dist/.synth-manifest` checks them from the project root, and
 * its diff is small). It tells which files a later run deletes when they are no longer
 * produced; not ending in .yaml or .json keeps it out of `kubectl apply -f dist/ -R`.
 */

const LINE = /^([0-9a-f]{64}) {2}(.+)$/;

/** The manifest's text for `files` (path → SHA-256). */
export function renderManifest(files: ReadonlyMap<string, string>): string {
  return [...files]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, hash]) => `${hash}  ${file}\n`)
    .join('');
}

/** Path → SHA-256 of the manifest at `file`; empty when there is none. */
export function readManifest(file: string): ReadonlyMap<string, string> {
  if (!fs.existsSync(file)) return new Map();
  const files = new Map<string, string>();
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
    if (line === '') return;
    const match = LINE.exec(line);
    if (!match) {
      throw new Error(`${file} line ${index + 1} is not "<sha256>  <path>"; restore it with \`git checkout -- ${file}\` or delete it`);
    }
    files.set(match[2], match[1]);
  });
  return files;
}
