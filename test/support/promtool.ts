import { execFileSync, spawnSync } from 'child_process';

/**
 * Finds promtool, installing Debian's `prometheus` package when running as root;
 * otherwise fails with the exact command to run. Never skips.
 */
export function ensurePromtool(): string {
  const found = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' });
  if (found.status === 0) return found.stdout.trim();
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus'], {
      stdio: 'ignore',
      timeout: 600_000,
    });
    const again = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' });
    if (again.status === 0) return again.stdout.trim();
  }
  throw new Error('promtool is required by these tests: install it with `sudo apt-get install -y prometheus` (Debian/Ubuntu)');
}

export interface PromtoolResult {
  readonly status: number;
  readonly output: string;
}

/** Runs promtool with the given arguments; returns its exit status and combined output. */
export function runPromtool(args: readonly string[], cwd?: string): PromtoolResult {
  const result = spawnSync(ensurePromtool(), [...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status ?? -1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}
