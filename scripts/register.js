'use strict';
/**
 * Runs the TypeScript app without type-checking (`npm test` type-checks): a require
 * hook that strips types with swc and caches the output by content hash.
 *
 * Why not ts-node or @swc-node/register: both load the TypeScript compiler at start
 * (~300 ms), more than the whole synth budget. With a warm cache this hook loads
 * neither TypeScript nor swc.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const Module = require('module');

const projectRoot = path.resolve(__dirname, '..');
const swcrc = JSON.parse(fs.readFileSync(path.join(projectRoot, '.swcrc'), 'utf8'));
const swcVersion = require('@swc/core/package.json').version;
const cacheDir = path.join(projectRoot, 'node_modules', '.cache', 'swc-register');
const configKey = crypto.createHash('sha256').update(JSON.stringify(swcrc) + swcVersion).digest('hex').slice(0, 16);

let swc;
function transpile(source, filename) {
  swc ??= require('@swc/core');
  const { $schema: _schema, ...options } = swcrc;
  return swc.transformSync(source, { ...options, filename, swcrc: false, configFile: false }).code;
}

function compileCached(source, filename) {
  const key = crypto.createHash('sha256').update(configKey).update(filename).update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    const code = transpile(source, filename);
    fs.mkdirSync(cacheDir, { recursive: true });
    const temporary = `${cached}.${process.pid}`;
    fs.writeFileSync(temporary, code);
    fs.renameSync(temporary, cached);
    return code;
  }
}

Module._extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(compileCached(fs.readFileSync(filename, 'utf8'), filename), filename);
};
