import * as fs from 'fs';
import * as path from 'path';

/**
 * A folder filled file by file next to `outdir`, which then takes `outdir`'s place in
 * one rename, or is thrown away: readers see the old output or the new, never a mix,
 * and a failed synth leaves the old output as it was. Writing each file as soon as it
 * is ready keeps memory flat however many charts there are.
 */
export class StagingDirectory {
  private readonly target: string;
  private readonly staging: string;
  private open = true;

  constructor(outdir: string) {
    this.target = path.resolve(outdir);
    this.staging = `${this.target}.synth-${process.pid}`;
    fs.rmSync(this.staging, { recursive: true, force: true });
    fs.mkdirSync(this.staging, { recursive: true });
  }

  /** Writes `content` at `file` (relative to the output folder). */
  write(file: string, content: string): void {
    const destination = path.join(this.staging, file);
    if (!destination.startsWith(`${this.staging}${path.sep}`)) {
      throw new Error(`output file ${JSON.stringify(file)} would land outside the output folder`);
    }
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    fs.writeFileSync(destination, content);
  }

  /** Puts the staged folder in the output folder's place. */
  commit(): void {
    this.close();
    const retired = `${this.target}.previous-${process.pid}`;
    const hadPrevious = fs.existsSync(this.target);
    if (hadPrevious) fs.renameSync(this.target, retired);
    fs.renameSync(this.staging, this.target);
    if (hadPrevious) fs.rmSync(retired, { recursive: true, force: true });
  }

  /** Throws the staged folder away; the output folder stays as it was. */
  discard(): void {
    this.close();
    fs.rmSync(this.staging, { recursive: true, force: true });
  }

  private close(): void {
    if (!this.open) throw new Error(`staging folder ${this.staging} was already committed or discarded`);
    this.open = false;
  }
}

/** Replaces `outdir` with exactly `files` (relative path → content), or leaves it untouched. */
export function replaceDirectory(outdir: string, files: ReadonlyMap<string, string>): void {
  const staging = new StagingDirectory(outdir);
  try {
    for (const [file, content] of files) staging.write(file, content);
  } catch (error) {
    staging.discard();
    throw error;
  }
  staging.commit();
}

/** Writes one file by rename, so readers never see half of it. Skips writing identical content. */
export function writeFileAtomically(file: string, content: string): void {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}
