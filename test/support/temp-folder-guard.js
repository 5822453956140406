'use strict';
/**
 * Jest global setup and teardown: the suite must leave nothing in the system temp
 * folder. Setup records what is there; teardown fails the run, naming what a test left.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const record = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'jest-temp-folder-before.json');

module.exports.setup = async () => {
  fs.mkdirSync(path.dirname(record), { recursive: true });
  fs.writeFileSync(record, JSON.stringify(fs.readdirSync(os.tmpdir())));
};

module.exports.teardown = async () => {
  const before = new Set(JSON.parse(fs.readFileSync(record, 'utf8')));
  fs.rmSync(record, { force: true });
  const left = fs.readdirSync(os.tmpdir()).filter((entry) => !before.has(entry) && !IGNORED.test(entry));
  if (left.length > 0) throw new Error(`tests left ${left.length} entries in ${os.tmpdir()}: ${left.slice(0, 10).join(', ')}`);
};

// Jest's own cache and runtime files, not the tests'.
const IGNORED = /^(jest_|v8-compile-cache|node-compile-cache)/;
