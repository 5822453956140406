'use strict';
/**
 * Runs the TypeScript app without type-checking (`npm test` type-checks): a require
 * hook that strips types with swc and caches the output by content hash.
 *
 * Why not ts-node or @swc-node/register: both load the TypeScript compiler at start.
 * With a warm cache this hook loads neither TypeScript nor swc; after an edit, swc
 * transpiles the edited file only.
 *
 * A cache entry is one header line, then the code. The header holds the key of its
 * inputs (swc config and version, path inside the project, source) and the SHA-256 of
 * the code, so a truncated or damaged entry is rebuilt, never run. Entries are written
 * to a temporary file and renamed. The code carries an inline source map (.swcrc), and
 * source maps are switched on outside node_modules, so stack traces name TypeScript lines.
 * SWC_REGISTER_CACHE_DIR moves the cache (tests use a throwaway one).
 *
 * Node's own compile cache (module.enableCompileCache, checked against each module's
 * source by Node) keeps V8's compiled code of the loaded modules next to it, in
 * node_modules/.cache/node-compile-cache (NODE_COMPILE_CACHE moves it).
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const Module = require('module');

const projectRoot = path.resolve(__dirname, '..');
const swcrc = JSON.parse(fs.readFileSync(path.join(projectRoot, '.swcrc'), 'utf8'));
const swcVersion = require('@swc/core/package.json').version;
const cacheDir = process.env.SWC_REGISTER_CACHE_DIR || path.join(projectRoot, 'node_modules', '.cache', 'swc-register');
const configKey = crypto.createHash('sha256').update(JSON.stringify(swcrc) + swcVersion + transpile.toString()).digest('hex').slice(0, 16);
const HEADER = '//swc-register';
const importsFolder = path.join(projectRoot, 'imports') + path.sep;

// Our files' maps only: node_modules' (~240 of the Grafana SDK's) would be read and parsed at every start for nothing.
if (Module.setSourceMapsSupport) Module.setSourceMapsSupport(true, { nodeModules: false });
else process.setSourceMapsEnabled(true);
Module.enableCompileCache?.(process.env.NODE_COMPILE_CACHE || path.join(projectRoot, 'node_modules', '.cache', 'node-compile-cache'));

let swc;
function transpile(source, filename) {
  swc ??= require('@swc/core');
  const { $schema: _schema, ...options } = swcrc;
  // imports/ is generated and large: decoding its source maps at every start costs more than
  // they are worth (no stack trace points into it).
  const sourceMaps = filename.startsWith(importsFolder) ? false : options.sourceMaps;
  // The map names the file relative to itself, so the code does not depend on where the
  // project is and a copy of it (tests, the bench) shares the cache entries.
  return swc.transformSync(source, { ...options, sourceMaps, filename, sourceFileName: path.basename(filename), swcrc: false, configFile: false }).code;
}

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

/** The code of a cache entry, or undefined when it is missing, for other inputs, or damaged. */
function readEntry(file, inputKey) {
  let bytes;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const newline = bytes.indexOf(10);
  if (newline < 0) return undefined;
  const [marker, key, codeHash] = bytes.toString('latin1', 0, newline).split(' ');
  const code = bytes.subarray(newline + 1);
  if (marker !== HEADER || key !== inputKey || codeHash !== sha256(code)) return undefined;
  return code.toString('utf8');
}

function writeEntry(file, inputKey, code) {
  fs.mkdirSync(cacheDir, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${HEADER} ${inputKey} ${sha256(code)}\n${code}`);
  fs.renameSync(temporary, file);
}

/**
 * Sources and entries are hashed as bytes: a hit decodes only the cached code, not the source.
 * An entry is named `<file key>-<input key>.js`: the file's place, then everything it was made
 * from, so a new version of a file (or of swc) replaces the older versions' entries.
 */
function compileCached(filename) {
  const source = fs.readFileSync(filename);
  const place = path.relative(projectRoot, filename);
  const fileKey = sha256(place).slice(0, 16);
  const inputKey = crypto.createHash('sha256').update(configKey).update(place).update(source).digest('hex');
  const cached = path.join(cacheDir, `${fileKey}-${inputKey}.js`);
  const hit = readEntry(cached, inputKey);
  if (hit !== undefined) return hit;
  const code = transpile(source.toString('utf8'), filename);
  writeEntry(cached, inputKey, code);
  removeOlderEntries(fileKey, cached);
  return code;
}

/** Entry names by file key, read at this process's first miss; entries named before entries had a file key go then. */
let entriesByFile;
function entriesOf(fileKey) {
  if (!entriesByFile) {
    entriesByFile = new Map();
    for (const name of fs.readdirSync(cacheDir)) {
      if (!name.endsWith('.js')) continue;
      const dash = name.indexOf('-');
      if (dash < 0) fs.rmSync(path.join(cacheDir, name), { force: true });
      else entriesByFile.set(name.slice(0, dash), [...entriesByFile.get(name.slice(0, dash)) ?? [], name]);
    }
  }
  return entriesByFile.get(fileKey) ?? [];
}

/** After a miss: the entries of the file's other versions go. */
function removeOlderEntries(fileKey, kept) {
  const keptName = path.basename(kept);
  for (const name of entriesOf(fileKey)) if (name !== keptName) fs.rmSync(path.join(cacheDir, name), { force: true });
  entriesByFile.set(fileKey, [keptName]);
}

Module._extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(compileCached(filename), filename);
};
