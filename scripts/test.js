#!/usr/bin/env node
'use strict';
/**
 * `npm test`: the type-check, ESLint and Jest, side by side. tsc and ESLint are single-
 * threaded and finish while Jest is still starting its workers, so the three take about
 * as long as Jest alone. Jest streams its output; the other two print theirs when they
 * end. Arguments go to Jest (`npm test -- -t name`, `npm test -- test/alerts`), which then
 * skips the whole-suite coverage gate. Exits non-zero if any of them failed.
 */
const { spawn } = require('child_process');

/** Jest's arguments: any argument picks some tests (a file, -t name), and then the whole-suite coverage gate does not apply. */
function unitArguments(args) {
  return args.length > 0 ? [...args, '--coverageThreshold={}'] : [];
}

/** One line when this Node is older than package.json's engines field, else undefined: older Nodes fail deep inside Jest. */
function nodeTooOld(version, engines) {
  const needed = Number(/\d+/.exec(engines)[0]);
  return Number(version.split('.')[0]) < needed ? `npm test needs Node ${engines} (package.json "engines"); this is Node ${version}` : undefined;
}

function main() {
  const tooOld = nodeTooOld(process.versions.node, require('../package.json').engines.node);
  if (tooOld) {
    process.stderr.write(`${tooOld}\n`);
    process.exit(1);
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = (script, args, buffered) => new Promise((resolve) => {
    const child = spawn(npm, ['run', '-s', script, ...(args.length > 0 ? ['--', ...args] : [])], {
      stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    if (buffered) {
      child.stdout.on('data', (chunk) => { output += chunk; });
      child.stderr.on('data', (chunk) => { output += chunk; });
    }
    child.on('close', (code, signal) => resolve({ script, code: code ?? 1, signal, output }));
  });

  const checks = [run('typecheck', [], true), run('lint', [], true)].map((pending) => pending.then((result) => {
    process.stderr.write(`${result.script}: ${result.code === 0 ? 'passed' : `failed${result.signal ? ` (${result.signal})` : ''}`}\n${result.output}`);
    return result;
  }));
  Promise.all([...checks, run('test:unit', unitArguments(process.argv.slice(2)), false)]).then((results) => {
    const failed = results.filter((result) => result.code !== 0).map((result) => result.script);
    if (failed.length > 0) process.stderr.write(`npm test failed: ${failed.join(', ')}\n`);
    process.exitCode = failed.length > 0 ? 1 : 0;
  });
}

if (require.main === module) main();
module.exports = { unitArguments, nodeTooOld };
