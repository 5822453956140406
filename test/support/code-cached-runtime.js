'use strict';
/**
 * Jest's runtime (jest.config.js `runtime`), with three changes that keep its behaviour,
 * and one addition: a store of texts the test files of one worker share
 * (test/support/worker-shared.ts), so suites that read main.ts's synthesized output share
 * one synthesis per worker.
 *
 * - Each module is compiled with a V8 code cache. Every test file gets a fresh module
 *   registry, so each of ~70 files compiled the whole app again (~600 modules, among
 *   them cdk8s-plus-28's 2.7 MB k8s.js and the generated CRD constructs), ~150 ms of CPU
 *   a file, and then compiled lazily each function its tests called. A module's cache is
 *   taken when the first test file that compiled it finishes, so it holds those functions
 *   too, and is kept in node_modules/.cache/jest-code-cache/ (JEST_CODE_CACHE_DIR moves
 *   it; JEST_CODE_CACHE=off reads and compiles as Jest does) under the SHA-256 of the Node version
 *   and the exact code, checksummed (scripts/v8-code-cache.js). Files unused for a week
 *   are deleted.
 * - Each worker process reads a source file and looks up its transform once while the
 *   file is unchanged (same size and mtime), not once per test file: ~50 ms a test file.
 * - Coverage counters are copied for the parent process with structuredClone rather than
 *   Jest's deep copy in JavaScript: ~50 ms instead of ~170 ms a test file.
 *
 * Warm `jest --coverage` here: 34.9 s -> 28.0 s with the first and last, 27.2 -> 24.9 s with
 * the second. It relies on jest-runtime's internals (`executor.compile`, `fileCache`,
 * `transformCache.scriptTransformer`; jest 30, pinned by the lockfile): without them it runs
 * as plain jest-runtime and says so.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const Runtime = require('jest-runtime').default;
const { readCodeCache, writeCodeCache } = require('../../scripts/v8-code-cache');

const ENABLED = process.env.JEST_CODE_CACHE !== 'off';
const UNUSED_FOR_MS = 7 * 24 * 3600 * 1000;

const cacheDir = () => process.env.JEST_CODE_CACHE_DIR || path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'jest-code-cache');

/** The file name of the code cache of `code` (a module wrapped as a function) on this Node. */
function codeCacheName(code) {
  return `${crypto.createHash('sha256').update(process.version).update('\0').update(code).digest('hex')}.v8`;
}

/** Deletes the code caches in `dir` not used since `before` (ms since the epoch); says how many. */
function pruneCodeCaches(dir, before) {
  let removed = 0;
  let names;
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      if (fs.statSync(file).mtimeMs < before) {
        fs.rmSync(file, { force: true });
        removed += 1;
      }
    } catch {
      // Deleted by another worker meanwhile.
    }
  }
  return removed;
}

// Per worker process, which runs many test files: each module's cache name is hashed
// once, and each cache file read once when found (and its mtime renewed, as "used").
const namesByFile = new Map();
const loaded = new Map();
let pruned = false;

function cachedDataFor(dir, name) {
  if (loaded.has(name)) return loaded.get(name);
  const file = path.join(dir, name);
  const data = readCodeCache(file);
  // A miss is not remembered: another worker may write the cache meanwhile.
  if (data === undefined) return undefined;
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // Only its age is lost.
  }
  loaded.set(name, data);
  return data;
}

const warned = new Set();
function warnOnce(message) {
  if (!warned.has(message)) process.stderr.write(`code-cached-runtime: ${message}\n`);
  warned.add(message);
}

// Per worker process: each source file's text and its transform, while the file is unchanged
// (size and mtime), instead of reading and hashing it again for every test file.
const sources = new Map();
const transforms = new Map();

function memoiseSourcesAndTransforms(runtime) {
  const { fileCache, transformCache } = runtime;
  const transformer = transformCache?.scriptTransformer;
  if (typeof fileCache?.readFile !== 'function' || typeof transformer?.transform !== 'function') {
    warnOnce('jest-runtime has no fileCache and transformCache as in jest 30; reading sources as Jest does');
    return;
  }
  fileCache.readFile = (filename) => {
    const stat = fs.statSync(filename, { throwIfNoEntry: false });
    const known = sources.get(filename);
    if (stat && known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known.text;
    const text = fs.readFileSync(filename, 'utf8');
    if (stat) sources.set(filename, { size: stat.size, mtimeMs: stat.mtimeMs, text });
    return text;
  };
  const transform = transformer.transform.bind(transformer);
  transformer.transform = (filename, options, source) => {
    const key = `${filename}\0${JSON.stringify(options)}`;
    const known = transforms.get(key);
    // The same string object: the source is unchanged since it was transformed.
    if (known && known.source === source) return known.result;
    const result = transform(filename, options, source);
    transforms.set(key, { source, result });
    return result;
  };
}

// Text that test files of one worker share (test/support/worker-shared.ts): strings only, so
// each file parses its own objects in its own realm. Kept for the worker's life, one Jest run.
const sharedTexts = new Map();
const WORKER_SHARED = Object.freeze({
  get: (key) => sharedTexts.get(key),
  set: (key, text) => {
    if (typeof text !== 'string') throw new TypeError('worker-shared values are strings');
    sharedTexts.set(key, text);
  },
});

class CodeCachedRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    this.codeCachesToWrite = [];
    Object.defineProperty(this._environment.global, '__workerSharedTexts', { value: WORKER_SHARED });
    if (!ENABLED) return;
    memoiseSourcesAndTransforms(this);
    const executor = this.executor;
    if (typeof executor?.compile !== 'function' || !Array.isArray(executor.injectedModuleParameters) || typeof executor.dynamicImport !== 'function') {
      warnOnce('jest-runtime has no module executor as in jest 30; running without code caches');
      return;
    }
    const dir = cacheDir();
    if (!pruned) {
      pruned = true;
      pruneCodeCaches(dir, Date.now() - UNUSED_FOR_MS);
    }
    const compiledByJest = executor.compile.bind(executor);
    executor.compile = (source, filename) => {
      const vmContext = executor.environment.getVmContext();
      if (vmContext == null) return null;
      // What Jest's vm.compileFunction makes, as a script V8 can take a cache of.
      const code = `(function (${executor.injectedModuleParameters.join(', ')}) {${source}\n})`;
      let known = namesByFile.get(filename);
      if (known?.code !== code) {
        known = { code, name: codeCacheName(code) };
        namesByFile.set(filename, known);
      }
      const cachedData = cachedDataFor(dir, known.name);
      let script;
      try {
        script = new vm.Script(code, {
          filename,
          cachedData,
          importModuleDynamically: (specifier, _script, attributes) => executor.dynamicImport(specifier, filename, vmContext, attributes),
        });
      } catch {
        // A syntax error: Jest's own compile reports it as Jest does.
        return compiledByJest(source, filename);
      }
      if (cachedData === undefined || script.cachedDataRejected) {
        this.codeCachesToWrite.push({ dir, name: known.name, script, rejected: script.cachedDataRejected === true });
      }
      return script.runInContext(vmContext);
    };
  }

  getAllCoverageInfoCopy() {
    const coverage = this._environment.global.__coverage__;
    return coverage === undefined ? undefined : structuredClone(coverage);
  }

  teardown() {
    const pending = this.codeCachesToWrite;
    this.codeCachesToWrite = [];
    if (pending.length > 0) fs.mkdirSync(pending[0].dir, { recursive: true });
    for (const { dir, name, script, rejected } of pending) {
      // Another worker may have written it meanwhile: either file is a cache of the same code.
      // A damaged one, or one V8 rejected (another V8 build, other flags), is replaced.
      if (!rejected && (loaded.has(name) || readCodeCache(path.join(dir, name)) !== undefined)) continue;
      const payload = script.createCachedData();
      if (writeCodeCache(path.join(dir, name), payload)) loaded.set(name, payload);
    }
    return super.teardown();
  }
}

module.exports = CodeCachedRuntime;
module.exports.codeCacheName = codeCacheName;
module.exports.pruneCodeCaches = pruneCodeCaches;
