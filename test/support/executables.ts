import { execFileSync, spawnSync } from 'child_process';

/**
 * Path of `command`, installing Debian's `debianPackage` when running as root; otherwise
 * fails with the command to run. Never skips: a test that needs the tool fails without it.
 */
export function requireExecutable(command: string, debianPackage: string): string {
  const find = () => spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const found = find();
  if (found.status === 0) return found.stdout.trim();
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    execFileSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${debianPackage}`], {
      stdio: 'ignore',
      timeout: 600_000,
    });
    const again = find();
    if (again.status === 0) return again.stdout.trim();
  }
  throw new Error(`${command} is required by these tests: install it with \`sudo apt-get install -y ${debianPackage}\` (Debian/Ubuntu)`);
}
