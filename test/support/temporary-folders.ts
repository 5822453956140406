import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * A maker of fresh folders in the system temp folder (`folder('chart-texts-')`), every one
 * of them removed once the calling test file's tests are done. Call it at the top of a file.
 */
export function temporaryFolders(): (prefix: string) => string {
  const created: string[] = [];
  afterAll(() => {
    for (const folder of created) fs.rmSync(folder, { recursive: true, force: true });
  });
  return (prefix) => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    created.push(folder);
    return folder;
  };
}
