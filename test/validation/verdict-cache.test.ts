import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { VerdictCache } from '../../lib/validation/verdict-cache';

describe('VerdictCache', () => {
  it('keeps the newest keys up to its capacity, and leaves no temporary file', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'verdict-cache-'));
    try {
      const file = path.join(folder, 'verdicts.json');
      const cache = new VerdictCache(() => file, 3);
      for (const key of ['a', 'b', 'c', 'd', 'e']) cache.add(key);
      cache.save();
      expect(fs.readdirSync(folder)).toEqual(['verdicts.json']);
      const reread = new VerdictCache(() => file, 3);
      expect(['a', 'b', 'c', 'd', 'e'].filter((key) => reread.has(key))).toEqual(['c', 'd', 'e']);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('writes nothing when it learned nothing, and survives a folder it cannot write', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'verdict-cache-'));
    try {
      const cache = new VerdictCache(() => path.join(folder, 'verdicts.json'));
      cache.save();
      expect(fs.readdirSync(folder)).toEqual([]);
      fs.writeFileSync(path.join(folder, 'not-a-folder'), '');
      const blocked = new VerdictCache(() => path.join(folder, 'not-a-folder', 'verdicts.json'));
      blocked.add('a');
      expect(() => blocked.save()).not.toThrow();
      expect(fs.readdirSync(folder)).toEqual(['not-a-folder']);
      // Its path cannot even be worked out (the checks' sources are gone): nothing is known, nothing kept.
      const nowhere = new VerdictCache(() => { throw new Error('no such source'); });
      expect(nowhere.has('a')).toBe(false);
      nowhere.add('a');
      expect(() => nowhere.save()).not.toThrow();
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
