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
const fs = require('fs');
const os = require('os');
const path = require('path');

// Older Nodes fail deep inside Jest with cryptic errors: say what is needed instead.
const required = require('../package.json').engines.node;
const major = Number(process.versions.node.split('.')[0]);
if (major < Number(/\d+/.exec(required)[0])) {
  process.stderr.write(`npm test needs Node ${required} (package.json "engines"); this is Node ${process.versions.node}\n`);
  process.exit(1);
}

// A temp folder of this run's own: the suite's temp-folder guard then sees only what the
// tests left, never what other processes on the machine write to the system temp folder.
const tmpdir = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-test-'));
const env = { ...process.env, TMPDIR: tmpdir };

const jestArgs = process.argv.slice(2);
// Any argument picks some tests (a file, -t name): the whole-suite coverage gate does not apply.
const unitArgs = jestArgs.length > 0 ? [...jestArgs, '--coverageThreshold={}'] : [];

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (script, args, buffered) => new Promise((resolve) => {
  const child = spawn(npm, ['run', '-s', script, ...(args.length > 0 ? ['--', ...args] : [])], {
    stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    env,
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
Promise.all([...checks, run('test:unit', unitArgs, false)]).then((results) => {
  fs.rmSync(tmpdir, { recursive: true, force: true });
  const failed = results.filter((result) => result.code !== 0).map((result) => result.script);
  if (failed.length > 0) process.stderr.write(`npm test failed: ${failed.join(', ')}\n`);
  process.exitCode = failed.length > 0 ? 1 : 0;
});
