import { execFileSync, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dump } from 'js-yaml';

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

const rulesFile = (groups: readonly unknown[]) => dump({ groups }, { lineWidth: -1, noRefs: true, quotingType: '"' });

/** `promtool check rules` on rule groups in the wire format. */
export function checkRuleGroups(groups: readonly unknown[]): PromtoolResult {
  return inTempDir({ 'rules.yaml': rulesFile(groups) }, (dir) => runPromtool(['check', 'rules', 'rules.yaml'], dir));
}

const testFile = (rules: string, tests: readonly unknown[], evaluationInterval: string) =>
  dump({ rule_files: [rules], evaluation_interval: evaluationInterval, tests }, { lineWidth: -1, noRefs: true, quotingType: '"' });

/** `promtool test rules`: the `tests:` entries of a rule test file, run against the groups. */
export function testRuleGroups(groups: readonly unknown[], tests: readonly unknown[], evaluationInterval: string): PromtoolResult {
  return testRuleFiles([{ groups, tests, evaluationInterval }])[0];
}

/** One rule test file of a batch: rule groups in the wire format and the `tests:` run against them. */
export interface RuleTestFile {
  readonly groups: readonly unknown[];
  readonly tests: readonly unknown[];
  readonly evaluationInterval: string;
  /**
   * Names particular to one deployment, each with a neutral stand-in (the service name →
   * `alias-service`, its namespace, its alert prefix). Files that read the same after
   * renaming are run once: promtool's verdict cannot depend on what things are called,
   * and services × environments repeat the same rules under other names. @default none
   */
  readonly aliases?: Readonly<Record<string, string>>;
}

/** A file's rules and tests as promtool reads them, names replaced by their stand-ins. */
interface PreparedFile {
  readonly rules: string;
  readonly tests: (rulesFileName: string) => string;
}

/** `text` with every aliased name replaced by its stand-in, as promtool's output of an aliased file reads. */
export function applyAliases(text: string, aliases: RuleTestFile['aliases'] = {}): string {
  // Longest first, so a namespace that prefixes another (`x` and `x-staging`) maps whole.
  return Object.entries(aliases).sort(([a], [b]) => b.length - a.length)
    .reduce((renamed, [name, alias]) => renamed.split(name).join(alias), text);
}

function prepare(file: RuleTestFile): PreparedFile {
  const rename = (text: string) => applyAliases(text, file.aliases);
  return { rules: rename(rulesFile(file.groups)), tests: (rulesFileName) => rename(testFile(rulesFileName, file.tests, file.evaluationInterval)) };
}

/**
 * Runs many rule test files in one `promtool test rules` call (one process instead of
 * one per file) and gives each file its own result: promtool tests the files in turn,
 * printing `Unit Testing:  <file>` and then SUCCESS or what failed, so the combined
 * output splits into one section per file.
 */
export function testRuleFiles(files: readonly RuleTestFile[]): PromtoolResult[] {
  const cache = new PromtoolResultCache();
  const prepared = files.map(prepare);
  const keys = prepared.map((file) => cache.key(file.rules, file.tests('rules.yaml')));
  const results: (PromtoolResult | undefined)[] = keys.map((key) => cache.read(key));
  // Each distinct file runs once, however many deployments share it.
  const missing = [...new Map(keys.flatMap((key, index) => (results[index] === undefined ? [[key, index] as const] : []))).values()];
  const fresh = runRuleTestFiles(missing.map((index) => prepared[index]));
  missing.forEach((index, position) => cache.write(keys[index], fresh[position]));
  const byKey = new Map(missing.map((index, position) => [keys[index], fresh[position]]));
  return keys.map((key, index) => results[index] ?? byKey.get(key)!);
}

function runRuleTestFiles(files: readonly PreparedFile[]): PromtoolResult[] {
  if (files.length === 0) return [];
  const contents: Record<string, string> = {};
  const names = files.map((file, index) => {
    contents[`rules-${index}.yaml`] = file.rules;
    contents[`test-${index}.yaml`] = file.tests(`rules-${index}.yaml`);
    return `test-${index}.yaml`;
  });
  let whole: PromtoolResult = { status: -1, output: '' };
  // stdout and stderr in one pipe, so each failure stays under its file's heading.
  inTempDir(contents, (dir) => {
    const result = spawnSync('sh', ['-c', 'exec "$0" test rules "$@" 2>&1', ensurePromtool(), ...names], {
      // promtool's own scratch storage goes into this folder too, not the system temp folder.
      cwd: dir, encoding: 'utf8', timeout: 300_000, env: { ...process.env, TMPDIR: dir },
    });
    whole = { status: result.status ?? -1, output: result.stdout ?? '' };
    return whole;
  });
  const sections = new Map<string, string>();
  for (const section of whole.output.split(/^(?=Unit Testing: )/m)) {
    const heading = /^Unit Testing:\s+(\S+)/.exec(section);
    if (heading) sections.set(heading[1], section);
  }
  const passed = (section: string | undefined) => section !== undefined && /^\s+SUCCESS\s*$/m.test(section) && !/FAILED/.test(section);
  const everyFilePassed = names.every((name) => passed(sections.get(name)));
  return names.map((name) => {
    const output = sections.get(name);
    // A file without its own section means promtool stopped early; every file passed but
    // promtool failed means something outside the files: each file reports the whole output.
    if (output === undefined || (everyFilePassed && whole.status !== 0)) return { status: whole.status === 0 ? -1 : whole.status, output: whole.output };
    return { status: passed(output) ? 0 : 1, output };
  });
}

/**
 * promtool's verdicts by the SHA-256 of what decides them (the promtool binary, the
 * rules, the tests), so a warm `npm test` re-runs only the rule tests whose inputs
 * changed. An entry holds the checksum of its result and is ignored when damaged.
 * PROMTOOL_RESULTS_CACHE_DIR moves the cache; PROMTOOL_RESULTS_CACHE=off runs every file.
 */
class PromtoolResultCache {
  private readonly dir = process.env.PROMTOOL_RESULTS_CACHE_DIR
    || path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'promtool-results');
  private readonly enabled = process.env.PROMTOOL_RESULTS_CACHE !== 'off';
  private binary?: string;

  key(rules: string, tests: string): string {
    if (this.binary === undefined) {
      const file = fs.realpathSync(ensurePromtool());
      const stat = fs.statSync(file);
      this.binary = `${file} ${stat.size} ${stat.mtimeMs}`;
    }
    return sha256(`${this.binary}\0${rules}\0${tests}`);
  }

  read(key: string): PromtoolResult | undefined {
    if (!this.enabled) return undefined;
    try {
      const entry = JSON.parse(fs.readFileSync(path.join(this.dir, `${key}.json`), 'utf8'));
      const result: PromtoolResult = { status: entry.status, output: entry.output };
      return entry.checksum === sha256(JSON.stringify(result)) ? result : undefined;
    } catch {
      return undefined;
    }
  }

  write(key: string, result: PromtoolResult): void {
    // Only verdicts promtool reached on the files; a crash or timeout is not remembered.
    if (!this.enabled || (result.status !== 0 && result.status !== 1)) return;
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `${key}.json`);
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify({ ...result, checksum: sha256(JSON.stringify(result)) }));
    fs.renameSync(temporary, file);
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Collects rule test files and runs all that are pending in one promtool call the
 * first time any of their results is asked for. Each file is described by a function,
 * so an error building one fails only the test that asks for its result.
 */
export class RuleTestBatch {
  private pending: { readonly build: () => RuleTestFile; settle: (outcome: { result?: PromtoolResult; error?: unknown }) => void }[] = [];

  /** Adds a file; the returned function gives its result, running the batch if needed. */
  add(build: () => RuleTestFile): () => PromtoolResult {
    let outcome: { result?: PromtoolResult; error?: unknown } | undefined;
    this.pending.push({ build, settle: (settled) => { outcome = settled; } });
    return () => {
      if (!outcome) this.run();
      if (outcome?.error !== undefined) throw outcome.error;
      return outcome!.result!;
    };
  }

  private run(): void {
    const jobs = this.pending;
    this.pending = [];
    const built = jobs.map((job) => {
      try {
        return { job, file: job.build() };
      } catch (error) {
        job.settle({ error });
        return undefined;
      }
    }).filter((entry) => entry !== undefined);
    const results = testRuleFiles(built.map((entry) => entry.file));
    built.forEach((entry, index) => entry.job.settle({ result: results[index] }));
  }
}
