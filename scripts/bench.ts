/**
 * `npm run bench`: one table of median wall time, CPU time and peak memory (GNU time) of
 * synth after an edit (the loop people live in), synth with nothing changed, a fresh
 * clone's first synth (empty swc, V8 compile and schema-model caches), the floor (loading cdk8s-plus)
 * and the default cdk8s toolchain (`cdk8s synth` running main.ts with ts-node, when
 * ts-node is installed: `npm install --no-save ts-node`), synth at N synthetic services,
 * and `npm test` and its phases. Prints figures; asserts nothing.
 *
 * Synth runs on a copy of the project's sources in a fresh folder under `.bench/`
 * (node_modules linked), so the project itself is never written; removed at the end.
 * BENCH_RUNS sets the runs per command; BENCH_TESTS=off leaves out the `npm test` phases.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ENVIRONMENTS, SERVICES } from '../main';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SCALES = [10, 100, 500, 1000];
const GNU_TIME = '/usr/bin/time';

interface Row { readonly label: string; readonly seconds: number; readonly cpuSeconds: number; readonly peakMiB: number; readonly runs: number }

if (!fs.existsSync(GNU_TIME)) throw new Error('npm run bench needs GNU time for peak memory: apt-get install -y time');
fs.mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
const scratch = fs.mkdtempSync(path.join(ROOT, '.bench', 'run-'));
const PROJECT = path.join(scratch, 'project');
// V8's compile cache is keyed by absolute path: the copy's entries go to the scratch folder, not node_modules.
process.env.NODE_COMPILE_CACHE = path.join(scratch, 'node-compile-cache');
const COPIED = ['main.ts', 'package.json', 'cdk8s.yaml', '.swcrc', 'lib', 'services', 'environments', 'alerts', 'dashboards', 'docs', 'dist', 'imports', 'scripts'];

/** Wall time by the clock around the child (GNU time prints only hundredths), CPU and peak memory by GNU time. */
function measure(command: string, env: NodeJS.ProcessEnv, cwd: string): { seconds: number; cpuSeconds: number; peakMiB: number } {
  const timing = path.join(scratch, 'time.txt');
  const started = process.hrtime.bigint();
  const result = spawnSync(GNU_TIME, ['-f', '%M %U %S', '-o', timing, 'sh', '-c', command], {
    cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`benchmark command failed: ${command}\n${result.stdout}\n${result.stderr}`);
  const [kib, user, system] = fs.readFileSync(timing, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds, cpuSeconds: user + system, peakMiB: kib / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

interface BenchOptions { env?: NodeJS.ProcessEnv; runs?: number; before?: () => void; cwd?: string }

/** Median of `runs` runs after one warm-up run (`before` runs before each). */
function bench(label: string, command: string, options: BenchOptions = {}): Row {
  const runs = options.runs ?? RUNS;
  const run = () => {
    options.before?.();
    return measure(command, options.env ?? {}, options.cwd ?? PROJECT);
  };
  run();
  const samples = Array.from({ length: runs }, run);
  const row = {
    label, runs, seconds: median(samples.map((s) => s.seconds)), cpuSeconds: median(samples.map((s) => s.cpuSeconds)), peakMiB: median(samples.map((s) => s.peakMiB)),
  };
  process.stderr.write(`  ${label}: ${row.seconds.toFixed(3)} s\n`);
  return row;
}

/** A fresh folder inside the scratch folder. */
const folder = (name: string) => fs.mkdtempSync(path.join(scratch, `${name}-`));

/**
 * Before each run: a one-line edit to a service spec that changes its output (its description).
 * The text is new to this bench run, so no transpile cache entry of an earlier run can serve it.
 */
let edits = 0;
const SPEC = path.join(PROJECT, 'services/reconciliation-backend.ts');
function editSpec(): void {
  const text = fs.readFileSync(SPEC, 'utf8');
  fs.writeFileSync(SPEC, text.replace(/(description: ')([^']*?)( \(edit [\d-]+\))?'/, `$1$2 (edit ${process.pid}-${Date.now()}-${edits++})'`));
}

/** Empty swc, V8 compile and schema-model caches, as in a fresh clone. */
function freshClone(): { env: NodeJS.ProcessEnv; before: () => void } {
  const env: NodeJS.ProcessEnv = {};
  return {
    env,
    before: () => Object.assign(env, {
      SWC_REGISTER_CACHE_DIR: folder('swc'), SCHEMA_MODELS_CACHE_DIR: folder('schema-models'), NODE_COMPILE_CACHE: folder('node-compile-cache'),
    }),
  };
}

function hasTsNode(): boolean {
  try {
    require.resolve('ts-node', { paths: [ROOT] });
    return true;
  } catch {
    return false;
  }
}

try {
  for (const entry of COPIED) fs.cpSync(path.join(ROOT, entry), path.join(PROJECT, entry), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(PROJECT, 'node_modules'));
  process.stderr.write(`benchmarking (${RUNS} runs per command after one warm-up)...\n`);
  const floor = bench('floor: node -e "require(\'cdk8s-plus-28\')"', 'node -e "require(\'cdk8s-plus-28\')"');
  const synth = 'node -r ./scripts/register.js main.ts';
  const clusters = ENVIRONMENTS.reduce((count, environment) => count + environment.clusters.length, 0);
  const sections: [string, Row[]][] = [[`synth of main.ts (${SERVICES.length} services x ${clusters} clusters in ${ENVIRONMENTS.length} environments)`, [
    bench('npm run synth after a one-line spec edit', 'npm run -s synth', { before: editSpec }),
    bench(`${synth}, after a one-line spec edit`, synth, { before: editSpec }),
    bench(`${synth}, nothing changed`, synth),
    bench(`${synth}, fresh clone (empty caches)`, synth, freshClone()),
    ...(hasTsNode()
      ? [bench('default: cdk8s synth --app "npx ts-node main.ts"', 'npx cdk8s synth --app "npx ts-node main.ts"',
        // ts-node keeps V8's compile cache in the temp folder: the scratch one, removed at the end.
        { env: { CDK8S_CHECK_UPGRADE: 'false', TMPDIR: folder('tmp') }, runs: Math.min(RUNS, 3) })]
      : (process.stderr.write('  default toolchain: skipped, ts-node is not installed (npm install --no-save ts-node)\n'), [])),
    floor,
  ]]];
  const scale: Row[] = [];
  for (const n of SCALES) {
    const script = `require('./scripts/bench-app.ts').benchSynth(${n}, ${JSON.stringify(folder(`n${n}`))})`;
    scale.push(bench(`N=${n} services`, `node -r ./scripts/register.js -e "${script.replace(/"/g, '\\"')}"`, { runs: Math.min(RUNS, 3) }));
  }
  sections.push(['synth of N synthetic services (production\'s first cluster, one chart each)', scale]);
  if (process.env.BENCH_TESTS !== 'off') {
    const coverage = path.relative(ROOT, folder('coverage'));
    const tests = { cwd: ROOT, runs: 1 };
    sections.push(['npm test and its phases (they run side by side), warm caches', [
      bench('npm test', `npm test -- --silent --coverageDirectory=${coverage}`, tests),
      bench('tsc --noEmit (incremental)', 'npm run -s typecheck', tests),
      bench('eslint (cached)', 'npm run -s lint', tests),
      bench('jest --coverage', `npm run -s test:unit -- --silent --coverageDirectory=${coverage}`, tests),
    ]]);
  }

  const width = Math.max(...sections.flatMap(([, rows]) => rows.map((row) => row.label.length)));
  console.log(`node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}; median of the runs after one warm-up`);
  console.log(`${'command'.padEnd(width)}  runs  wall s   CPU s  peak MiB  x floor`);
  for (const [title, rows] of sections) {
    console.log(`-- ${title}`);
    for (const row of rows) {
      console.log(`${row.label.padEnd(width)}  ${String(row.runs).padStart(4)}  ${row.seconds.toFixed(3).padStart(6)}  ${row.cpuSeconds.toFixed(2).padStart(6)}  `
        + `${row.peakMiB.toFixed(0).padStart(8)}  ${(row.seconds / floor.seconds).toFixed(1).padStart(7)}`);
    }
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
