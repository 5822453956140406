import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';

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

/** Writes `files` into a fresh folder, runs `run` there, and removes the folder. */
function inTempDir(files: Readonly<Record<string, string>>, run: (dir: string) => PromtoolResult): PromtoolResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promtool-'));
  try {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    return run(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const rulesFile = (groups: readonly unknown[]) => stringify({ groups }, { lineWidth: 0 });

/** `promtool check rules` on rule groups in the wire format. */
export function checkRuleGroups(groups: readonly unknown[]): PromtoolResult {
  return inTempDir({ 'rules.yaml': rulesFile(groups) }, (dir) => runPromtool(['check', 'rules', 'rules.yaml'], dir));
}

/** `promtool test rules`: the `tests:` entries of a rule test file, run against the groups. */
export function testRuleGroups(groups: readonly unknown[], tests: readonly unknown[], evaluationInterval: string): PromtoolResult {
  const testFile = stringify({ rule_files: ['rules.yaml'], evaluation_interval: evaluationInterval, tests }, { lineWidth: 0 });
  return inTempDir({ 'rules.yaml': rulesFile(groups), 'tests.yaml': testFile }, (dir) => runPromtool(['test', 'rules', 'tests.yaml'], dir));
}
