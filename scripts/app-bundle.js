'use strict';
/**
 * Runs a TypeScript entry of this project from one pre-built CommonJS bundle (esbuild),
 * so `npm run synth` loads one file instead of resolving and transpiling hundreds.
 *
 * The bundle is rebuilt when any input changes: each of our sources esbuild read (its
 * metafile lists them), the installed packages (npm's lockfiles: package-lock.json and
 * node_modules/.package-lock.json, which npm rewrites on every install), the Node
 * version, the esbuild version and this file (the build options below). Its first line
 * holds the key of those inputs and the SHA-256 of the code and of the source map, so a
 * stale, truncated or altered bundle is rebuilt, never run. Files are written to a temporary name and
 * renamed; two synths building at once each rename a complete bundle.
 *
 * ES-module-only packages stay outside and load natively by `import()`, as they do
 * unbundled. The source map (linked, without the sources' text) is read when a stack
 * trace is formatted, so stack traces name TypeScript lines. V8's code cache of the bundle,
 * taken after a whole run, skips compiling it (see runBundle).
 *
 * SYNTH_BUNDLE_CACHE_DIR moves the cache; it must lie inside the project, since the
 * packages left outside the bundle are resolved from where it lives.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const Module = require('module');
const vm = require('vm');
const { readCodeCache, writeCodeCache } = require('./v8-code-cache');

const projectRoot = path.resolve(__dirname, '..');
const defaultCacheDir = () => process.env.SYNTH_BUNDLE_CACHE_DIR || path.join(projectRoot, 'node_modules', '.cache', 'app-bundle');
const HEADER = '//app-bundle ';

/** Packages that are ES modules only (loaded by `import()`), or load files next to themselves. */
const EXTERNAL = ['kubernetes-models', '@kubernetes-models/*', '@prometheus-io/lezer-promql', 'esbuild', '@swc/core', 're2-wasm'];

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

function buildOptions(entry, outfile) {
  return {
    entryPoints: [path.join(projectRoot, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    outfile,
    external: EXTERNAL,
    // Without esbuild's default `module` condition, `require('tslib')` in the Grafana SDK's
    // CommonJS files gets tslib's CommonJS build, required once, instead of its ES module,
    // which esbuild wraps in a fresh namespace copy at each of ~500 require calls (1-2 ms).
    conditions: [],
    // Identifiers are not minified, so names stay as written unless two modules declare the
    // same one (esbuild then suffixes one: `Foo2`, seen only in a duplicate-construct-id error).
    // keepNames would pin them, at the cost of a defineProperty on every function created:
    // 15 % of synth at 500 services.
    keepNames: false,
    // Smaller to read, check and compile; identifiers stay as written.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    write: false,
    // Line 1 is kept for the header (written after the build, so the source map stays right).
    banner: { js: `${HEADER}\nvar __bundleProjectRoot = ${JSON.stringify(projectRoot)};` },
    logLevel: 'error',
    // Each of our sources sees its own folder as __dirname, wherever the bundle lives.
    plugins: [sourceDirnamePlugin()],
  };
}

function sourceDirnamePlugin() {
  return {
    name: 'source-dirname',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = fs.readFileSync(args.path, 'utf8');
        if (args.path.includes(`${path.sep}node_modules${path.sep}`) || !/\b__(dirname|filename)\b/.test(source)) return undefined;
        const relative = (file) => JSON.stringify(path.relative(projectRoot, file));
        const prelude = `var __dirname = require('path').join(__bundleProjectRoot, ${relative(path.dirname(args.path))});`
          + `var __filename = require('path').join(__bundleProjectRoot, ${relative(args.path)});`;
        return { contents: prelude + source, loader: 'ts' };
      });
    },
  };
}

const PACKAGE_LOCKS = ['package-lock.json', path.join('node_modules', '.package-lock.json')];

function readOrEmpty(file) {
  try {
    return fs.readFileSync(path.join(projectRoot, file));
  } catch {
    return Buffer.alloc(0);
  }
}

/** Key of everything the bundle was built from; undefined when one of its sources is gone. */
function inputsKey(entry, sources) {
  const hash = crypto.createHash('sha256');
  hash.update(JSON.stringify({ entry, node: process.version, esbuild: require('esbuild/package.json').version, projectRoot }));
  // This file holds the build options and the plugin: a change to it rebuilds.
  hash.update(fs.readFileSync(__filename));
  for (const lock of PACKAGE_LOCKS) hash.update(readOrEmpty(lock)).update('\0');
  for (const file of sources) {
    let content;
    try {
      content = fs.readFileSync(path.join(projectRoot, file));
    } catch {
      return undefined;
    }
    hash.update(`${file}\0${content.length}\0`).update(content);
  }
  return hash.digest('hex');
}

/** The SHA-256 of the bundle's code if it is intact and built from the current inputs; undefined otherwise. */
function freshBundle(entry, file) {
  let code;
  try {
    code = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const newline = code.indexOf('\n');
  if (newline < 0 || !code.startsWith(HEADER)) return undefined;
  let header;
  try {
    header = JSON.parse(code.slice(HEADER.length, newline));
  } catch {
    return undefined;
  }
  if (!header || !Array.isArray(header.inputs) || sha256(code.slice(newline + 1)) !== header.code) return undefined;
  let map;
  try {
    map = fs.readFileSync(`${file}.map`);
  } catch {
    return undefined;
  }
  if (sha256(map) !== header.map || inputsKey(entry, header.inputs) !== header.key) return undefined;
  return header.code;
}

function writeAtomically(file, content) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

async function buildBundle(entry, file) {
  const esbuild = require('esbuild');
  const result = await esbuild.build(buildOptions(entry, file));
  const output = (suffix) => result.outputFiles.find((out) => out.path.endsWith(suffix)).text;
  const map = output('.cjs.map');
  const code = output('.cjs');
  const body = code.slice(code.indexOf('\n') + 1);
  // Packages are keyed by the lockfiles; our own sources by their content.
  const inputs = Object.keys(result.metafile.inputs).map((input) => path.relative(projectRoot, path.resolve(input)))
    .filter((input) => !input.split(path.sep).includes('node_modules')).sort();
  const header = { key: inputsKey(entry, inputs), code: sha256(body), map: sha256(map), inputs };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // The map first: a bundle on disk always has its map.
  writeAtomically(`${file}.map`, map);
  writeAtomically(file, `${HEADER}${JSON.stringify(header)}\n${body}`);
  return header.code;
}

/**
 * Fast path in front of the hashes, as git's index is: after a bundle passed the full
 * check, `<bundle>.stamp` records the size, mtime and inode of every input, of the bundle
 * and of its map. While all of them are unchanged the bundle is taken as fresh without
 * reading or hashing anything; any difference (an edit, a checkout, a damaged or
 * rewritten bundle, a new lockfile) falls back to the full check. No stamp is written
 * while an input is younger than STAMP_SETTLE_MS, so an edit within the same clock tick
 * as the stamp cannot hide behind an equal mtime.
 */
const STAMP_SETTLE_MS = 2000;

function fingerprint(file) {
  try {
    const stat = fs.statSync(file, { bigint: true });
    return { id: `${stat.size}:${stat.mtimeNs}:${stat.ino}`, mtimeMs: Number(stat.mtimeNs / 1000000n) };
  } catch {
    return undefined;
  }
}

function stampedFiles(entry, file, inputs) {
  return [__filename, require.resolve('esbuild/package.json'), file, `${file}.map`,
    ...[...PACKAGE_LOCKS, ...inputs].map((input) => path.join(projectRoot, input))];
}

/** The bundle's code hash when the stamp says nothing changed; undefined otherwise. */
function stampSaysFresh(entry, file) {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(`${file}.stamp`, 'utf8'));
  } catch {
    return undefined;
  }
  if (!stamp || stamp.node !== process.version || stamp.entry !== entry || !Array.isArray(stamp.inputs) || typeof stamp.files !== 'object'
    || typeof stamp.code !== 'string') return undefined;
  const unchanged = stampedFiles(entry, file, stamp.inputs).every((stamped) => stamp.files[stamped] !== undefined && fingerprint(stamped)?.id === stamp.files[stamped]);
  return unchanged ? stamp.code : undefined;
}

/** Records the fingerprints of a bundle that just passed the full check (or was just built). */
function writeStamp(entry, file) {
  const code = fs.readFileSync(file, 'utf8');
  const { inputs, code: codeHash } = JSON.parse(code.slice(HEADER.length, code.indexOf('\n')));
  const files = {};
  for (const stamped of stampedFiles(entry, file, inputs)) {
    const print = fingerprint(stamped);
    if (!print || Date.now() - print.mtimeMs < STAMP_SETTLE_MS) return;
    files[stamped] = print.id;
  }
  try {
    writeAtomically(`${file}.stamp`, JSON.stringify({ node: process.version, entry, code: codeHash, inputs, files }));
  } catch {
    // Without a stamp the next run only takes the full check.
  }
}

/**
 * Stack frames inside the bundle, at TypeScript lines. The source map is read only when
 * a stack is formatted: switching Node's own support on would parse it at every start.
 */
function mapStacksOf(file) {
  let map;
  const mapped = (site) => {
    const frame = site.toString();
    if (site.getFileName() !== file || map === null) return frame;
    try {
      map ??= new Module.SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
      return frame;
    }
    const origin = map.findEntry(site.getLineNumber() - 1, site.getColumnNumber() - 1);
    if (!origin || origin.originalSource === undefined) return frame;
    const source = path.resolve(path.dirname(file), origin.originalSource.replace(/^file:\/\//, ''));
    const at = `${source}:${origin.originalLine + 1}:${origin.originalColumn + 1}`;
    return frame.replace(`${file}:${site.getLineNumber()}:${site.getColumnNumber()}`, at);
  };
  Error.prepareStackTrace = (error, sites) => {
    let title;
    try {
      title = String(error);
    } catch {
      title = '<error>';
    }
    return `${title}${sites.map((site) => `\n    at ${mapped(site)}`).join('')}`;
  };
}

/**
 * V8's code cache of the bundle, taken once a run has finished: it then holds the bytecode
 * of every function the run compiled, not only of the top level (Node's own compile cache
 * is taken before the code runs). Loading with it skips compiling almost all of synth
 * (0.23 s -> 0.20 s here). One file per bundle and Node version, `<bundle>.<node>.<code hash>.v8cache`,
 * checksummed (v8-code-cache.js), so a cache of another bundle or a damaged file is never
 * handed to V8.
 */
function codeCachePath(file, codeHash) {
  return `${file}.${process.version}.${codeHash.slice(0, 16)}.v8cache`;
}

function saveCodeCache(script, file, cacheFile) {
  try {
    if (!writeCodeCache(cacheFile, script.createCachedData())) return;
    // Caches of earlier bundles of this entry are of no more use.
    const prefix = `${path.basename(file)}.`;
    for (const name of fs.readdirSync(path.dirname(file))) {
      if (name.startsWith(prefix) && name.endsWith('.v8cache') && name !== path.basename(cacheFile)) fs.rmSync(path.join(path.dirname(file), name), { force: true });
    }
  } catch {
    // Without a code cache the next run compiles as it goes.
  }
}

/**
 * The bundle's `import()` of the ES-module-only packages goes to Node's own loader
 * (vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER), as it would unbundled. Node marks that
 * constant experimental and prints a warning the first time an import uses it, which told a
 * user of synth nothing they could act on; only that warning is dropped.
 */
function dropMainContextLoaderWarning() {
  const emitWarning = process.emitWarning;
  process.emitWarning = function emitWarningExceptMainContextLoader(warning, ...rest) {
    const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
    if (type === 'ExperimentalWarning' && String(warning?.message ?? warning).includes('USE_MAIN_CONTEXT_DEFAULT_LOADER')) return undefined;
    return emitWarning.call(this, warning, ...rest);
  };
}

/** Runs the bundle as a CommonJS module, with the code cache when there is a good one, and takes one when there is not. */
function runBundle(file, codeHash) {
  dropMainContextLoaderWarning();
  const cacheFile = codeCachePath(file, codeHash);
  const cachedData = readCodeCache(cacheFile);
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  // At exit, so the cache holds every function the run compiled (`exit` also follows process.exit()).
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => saveCodeCache(script, file, cacheFile));
  const bundle = new Module(file, module);
  bundle.filename = file;
  script.runInThisContext()(bundle.exports, Module.createRequire(file), bundle, file, path.dirname(file));
  bundle.loaded = true;
  return bundle.exports;
}

/**
 * The exports of `entry` (a path relative to the project root), run from its bundle,
 * which is built first when missing, stale or damaged.
 */
async function requireBundled(entry, cacheDir = defaultCacheDir()) {
  const name = entry.replace(/\.ts$/, '').replace(/[^A-Za-z0-9]+/g, '-');
  const file = path.join(cacheDir, `${name}.cjs`);
  let codeHash = stampSaysFresh(entry, file);
  if (codeHash === undefined) {
    codeHash = freshBundle(entry, file);
    if (codeHash === undefined) codeHash = await buildBundle(entry, file);
    writeStamp(entry, file);
  }
  mapStacksOf(file);
  return runBundle(file, codeHash);
}

module.exports = { requireBundled, freshBundle };
