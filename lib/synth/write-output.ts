import * as fs from 'fs';
import * as path from 'path';

/**
 * Writes one file by rename, so readers never see half of it. Skips writing identical
 * content. For the single-file scripts (`npm run summary`, `npm run docs:secrets`);
 * synth writes through an OutputTransaction.
 */
export function writeFileAtomically(file: string, content: string): void {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}
