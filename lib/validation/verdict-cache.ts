import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Keys of inputs a slow check has passed, kept across runs in one JSON file, so a synth
 * whose inputs all passed before skips loading the checker at all.
 *
 * Only passes are kept: a failure is always checked again and reported. The file holds
 * the SHA-256 of its keys; a damaged or truncated file is ignored (it costs one full
 * check) and rewritten. It is written to a temporary name and renamed, so concurrent
 * synths each leave a complete file. The newest `capacity` keys are kept, so the file
 * stays small however many plans are checked over time.
 */
export class VerdictCache {
  private known: Set<string> | undefined;
  private learned = false;

  /**
   * @param file Path of the cache file, computed on first use (it names the checker's version).
   * @param capacity Keys kept when saving, newest first. @default 50_000
   */
  constructor(private readonly file: () => string, private readonly capacity = 50_000) {
    ALL_CACHES.push(this);
  }

  /** Whether `key` passed before (in this run or a previous one). */
  has(key: string): boolean {
    return this.keys().has(key);
  }

  /** Every key known (read or learned), oldest first. */
  all(): Iterable<string> {
    return this.keys();
  }

  /** Records that `key` passed. */
  add(key: string): void {
    const keys = this.keys();
    if (keys.has(key)) return;
    keys.add(key);
    this.learned = true;
  }

  /** Writes what this run learned; a cache that cannot be written only costs the next run a check. */
  save(): void {
    if (!this.learned) return;
    this.learned = false;
    const newestFirst = [...this.keys()].reverse().slice(0, this.capacity).reverse();
    let temporary: string | undefined;
    try {
      const file = this.file();
      temporary = `${file}.${process.pid}.tmp`;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(temporary, JSON.stringify({ checksum: checksumOf(newestFirst), keys: newestFirst }));
      fs.renameSync(temporary, file);
    } catch {
      try {
        if (temporary) fs.rmSync(temporary, { force: true });
      } catch {
        // Nothing was written there either.
      }
    }
  }

  /** Forgets what this process read or learned, so the next use reads the file again (tests). */
  forget(): void {
    this.known = undefined;
    this.learned = false;
  }

  private keys(): Set<string> {
    if (this.known) return this.known;
    this.known = new Set();
    try {
      const { checksum, keys } = JSON.parse(fs.readFileSync(this.file(), 'utf8')) as { checksum: unknown; keys: unknown };
      if (Array.isArray(keys) && keys.every((key) => typeof key === 'string') && checksum === checksumOf(keys)) this.known = new Set(keys);
    } catch {
      // Missing, unreadable or not JSON: start empty.
    }
    return this.known;
  }
}

const ALL_CACHES: VerdictCache[] = [];

/** Writes what every verdict cache learned: once per synth, after all charts are checked, not once per chart. */
export function saveVerdicts(): void {
  for (const cache of ALL_CACHES) cache.save();
}

function checksumOf(keys: readonly string[]): string {
  return createHash('sha256').update(keys.join('\n')).digest('hex');
}

/**
 * A short key of the code behind a cache (files relative to `root`), for its file name:
 * changing that code starts a new cache, so nothing learned by the old code is trusted.
 */
export function sourcesKey(root: string, files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(fs.readFileSync(path.join(root, file))).update('\0');
  return hash.digest('hex').slice(0, 12);
}

/** The SHA-256 of `text`, shortened to 32 hex digits: a cache key. */
export function verdictKey(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
