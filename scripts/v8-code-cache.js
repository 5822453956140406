'use strict';
/**
 * V8 code caches on disk, for the app bundle (app-bundle.js) and for Jest's modules
 * (test/support/code-cached-runtime.js). A file holds the CRC-32 of V8's cached data
 * (8 hex digits) and then the data. V8 itself checks only the source's length and its own
 * version before using cached data, so without the checksum a damaged file could be run;
 * callers name files by a hash of the exact source, so a file never meets another source.
 * zlib's CRC-32 takes 0.4 ms where SHA-256 took 5 on the bundle's cache. Without
 * zlib.crc32 (Node before 22.2) nothing is read or written.
 */
const fs = require('fs');
const zlib = require('zlib');

const CHECKSUM_BYTES = 8;
const crc32 = (data) => zlib.crc32?.(data)?.toString(16).padStart(CHECKSUM_BYTES, '0');

/** The cached data in `file` when it is intact; undefined when missing, unreadable or damaged. */
function readCodeCache(file) {
  let data;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const payload = data.subarray(CHECKSUM_BYTES);
  const sum = crc32(payload);
  return payload.length > 0 && sum !== undefined && data.subarray(0, CHECKSUM_BYTES).toString('latin1') === sum ? payload : undefined;
}

/**
 * Writes `payload` (from `script.createCachedData()`) to `file` with its checksum, under a
 * temporary name then renamed, so a reader never sees half a file. Says whether it wrote.
 */
function writeCodeCache(file, payload) {
  const sum = crc32(payload);
  if (sum === undefined) return false;
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, Buffer.concat([Buffer.from(sum, 'latin1'), payload]));
    fs.renameSync(temporary, file);
    return true;
  } catch {
    fs.rmSync(temporary, { force: true });
    return false;
  }
}

module.exports = { readCodeCache, writeCodeCache };
