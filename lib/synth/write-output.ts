import * as fs from 'fs';
import * as path from 'path';

/**
 * Replaces `outdir` with exactly `files` (relative path → content), or leaves it
 * untouched: everything is written to a sibling temporary folder first, which then
 * takes the old folder's place by rename.
 */
export function replaceDirectory(outdir: string, files: ReadonlyMap<string, string>): void {
  const target = path.resolve(outdir);
  const staging = `${target}.synth-${process.pid}`;
  const retired = `${target}.previous-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    for (const [file, content] of files) {
      const destination = path.join(staging, file);
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      fs.writeFileSync(destination, content);
    }
    fs.mkdirSync(staging, { recursive: true });
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const hadPrevious = fs.existsSync(target);
  if (hadPrevious) fs.renameSync(target, retired);
  fs.renameSync(staging, target);
  if (hadPrevious) fs.rmSync(retired, { recursive: true, force: true });
}

/** Writes one file by rename, so readers never see half of it. Skips writing identical content. */
export function writeFileAtomically(file: string, content: string): void {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}
