'use strict';
/**
 * `npm run lock` (after changing dependencies): records in package-lock.json the
 * platform-specific optional packages that npm left out.
 *
 * Why: the registry this project installs from serves only some platforms' native
 * binaries (@swc/core-*, @unrs/resolver-binding-*). npm then omits the others from the
 * lockfile, and `npm ci` refuses a lockfile that does not list every optional
 * dependency (npm/cli#4828). Each missing entry gets the version its parent pins and
 * the os/cpu/libc its name encodes, so npm ci skips it on other platforms exactly as it
 * would skip a fully recorded entry.
 */
const fs = require('fs');
const path = require('path');

const LOCKFILE = path.resolve(__dirname, '..', 'package-lock.json');
const OSES = ['darwin', 'linux', 'win32', 'freebsd', 'netbsd', 'openbsd', 'android', 'openharmony', 'sunos', 'aix'];
const LIBC = { gnu: 'glibc', gnueabihf: 'glibc', musl: 'musl', musleabihf: 'musl' };

/** `@swc/core-linux-arm-gnueabihf` → { os: ['linux'], cpu: ['arm'], libc: ['glibc'] } */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const osIndex = parts.findIndex((part) => OSES.includes(part));
  if (osIndex < 0 || osIndex + 1 >= parts.length) return undefined;
  const platform = { os: [parts[osIndex]], cpu: [parts[osIndex + 1]] };
  const libc = LIBC[parts[osIndex + 2]];
  if (libc) platform.libc = [libc];
  return platform;
}

function completeLockfile(lock) {
  const packages = lock.packages;
  const added = [];
  for (const [location, entry] of Object.entries(packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
      const hoisted = `node_modules/${name}`;
      if (packages[nested] || packages[hoisted]) continue;
      const platform = platformOf(name);
      if (!platform || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) {
        throw new Error(`${location}: optional dependency ${name}@${version} is missing from the lockfile and is not a pinned platform binary; fix it by hand`);
      }
      packages[hoisted] = { version, cpu: platform.cpu, ...(platform.libc ? { libc: platform.libc } : {}), optional: true, os: platform.os };
      added.push(`${name}@${version}`);
    }
  }
  const [root, ...rest] = Object.entries(packages);
  lock.packages = Object.fromEntries([root, ...rest.sort(([a], [b]) => a.localeCompare(b))]);
  return added;
}

const lock = JSON.parse(fs.readFileSync(LOCKFILE, 'utf8'));
const added = completeLockfile(lock);
fs.writeFileSync(LOCKFILE, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `recorded ${added.length} platform packages: ${added.join(', ')}` : 'lockfile already complete');
