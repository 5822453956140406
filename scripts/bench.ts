/**
 * `npm run bench`: one table of median wall time and peak memory (max RSS, GNU time) of
 * `npm run synth` against the floor (loading cdk8s-plus) and the default cdk8s toolchain
 * (`cdk8s synth` running main.ts with ts-node), of synth at N synthetic services, and of
 * `npm test` and its phases with warm caches. Prints figures; asserts nothing.
 *
 * Synth keeps verdicts across runs (charts that passed the schema and PromQL checks in
 * exactly their text, PromQL shapes that parsed) and the renderings of chart texts, so a
 * repeated synth neither checks nor renders unchanged charts again; the rows marked
 * "every chart changed" give each run empty verdict and chart-text caches, as after an
 * edit to every chart (the app bundle stays built).
 *
 * Writes only into a fresh folder under `.bench/` (ignored by git; synth writes only
 * inside the project), removed at the end. BENCH_RUNS sets the runs per command;
 * BENCH_TESTS=off leaves out the `npm test` phases.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SCALES = [10, 100, 500, 1000];
const GNU_TIME = '/usr/bin/time';

interface Row { readonly label: string; readonly seconds: number; readonly peakMiB: number; readonly runs: number }

if (!fs.existsSync(GNU_TIME)) throw new Error('npm run bench needs GNU time for peak memory: apt-get install -y time');
fs.mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
const scratch = fs.mkdtempSync(path.join(ROOT, '.bench', 'run-'));

/** Wall time by the clock around the child (GNU time prints only hundredths), peak memory by GNU time. */
function measure(command: string, env: NodeJS.ProcessEnv): { seconds: number; peakMiB: number } {
  const timing = path.join(scratch, 'time.txt');
  const started = process.hrtime.bigint();
  const result = spawnSync(GNU_TIME, ['-f', '%M', '-o', timing, 'sh', '-c', command], {
    cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`benchmark command failed: ${command}\n${result.stdout}\n${result.stderr}`);
  const kib = Number(fs.readFileSync(timing, 'utf8').trim().split('\n').pop());
  return { seconds, peakMiB: kib / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median of `runs` runs after one warm-up run (file cache, bundle and compile caches). */
function bench(label: string, command: string, options: { env?: NodeJS.ProcessEnv; runs?: number; before?: () => void } = {}): Row {
  const runs = options.runs ?? RUNS;
  const run = () => {
    options.before?.();
    return measure(command, options.env ?? {});
  };
  run();
  const samples = Array.from({ length: runs }, run);
  const row = { label, seconds: median(samples.map((s) => s.seconds)), peakMiB: median(samples.map((s) => s.peakMiB)), runs };
  process.stderr.write(`  ${label}: ${row.seconds.toFixed(3)} s\n`);
  return row;
}

/** The folders of synth's caches of checks and renderings (the app bundle is not one of them). */
const SYNTH_CACHES = { CHART_VERDICTS_CACHE_DIR: 'chart-verdicts-', PROMQL_VERDICTS_CACHE_DIR: 'promql-verdicts-', CHART_TEXTS_CACHE_DIR: 'chart-texts-' };

/** Fresh, empty folders for synth's caches of checks and renderings. */
function emptySynthCaches(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(SYNTH_CACHES).map(([variable, prefix]) => [variable, fs.mkdtempSync(path.join(scratch, prefix))]));
}

/** Environment for a synth as after an edit to every chart: empty caches, made before each run. */
function everyChartChanged(): { env: NodeJS.ProcessEnv; before: () => void } {
  const env: NodeJS.ProcessEnv = {};
  return { env, before: () => Object.assign(env, emptySynthCaches()) };
}

/** A fresh folder inside the scratch folder, for one command's output. */
const outdir = (name: string) => fs.mkdtempSync(path.join(scratch, `${name}-`));
const relative = (folder: string) => path.relative(ROOT, folder);

try {
  const gitStatus = () => spawnSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).stdout;
  const statusBefore = gitStatus();
  process.stderr.write(`benchmarking (${RUNS} runs per command after one warm-up)...\n`);
  const floor = bench('floor: node -e "require(\'cdk8s-plus-28\')"', 'node -e "require(\'cdk8s-plus-28\')"');
  const sections: [string, Row[]][] = [];
  // Caches of the bench's own: its charts neither use nor crowd out the project's.
  Object.assign(process.env, emptySynthCaches());
  const synthOut = outdir('synth');
  const quiet = { CDK8S_OUTDIR: relative(synthOut), SYNTH_QUIET: 'true' };
  const cold = everyChartChanged();
  Object.assign(cold.env, quiet);
  sections.push(['synth of main.ts (3 services x 2 environments)', [
    bench('npm run synth', 'npm run -s synth', { env: quiet }),
    bench('node scripts/synth.js (what npm runs)', 'node scripts/synth.js', { env: quiet }),
    bench('node scripts/synth.js, every chart changed', 'node scripts/synth.js', cold),
    bench('default: cdk8s synth --app "npx ts-node main.ts"', `npx cdk8s synth --app "npx ts-node main.ts" -o ${relative(outdir('default'))}`,
      // ts-node keeps V8's compile cache in the temp folder: the scratch one, removed at the end.
      { env: { CDK8S_CHECK_UPGRADE: 'false', TMPDIR: outdir('tmp') }, runs: Math.min(RUNS, 3) }),
    floor,
  ]]);
  const scale: Row[] = [];
  const scaleCommand = (n: number) => {
    const project = outdir(`n${n}`);
    const script = `require('./scripts/app-bundle').requireBundled('scripts/bench-app.ts').then((app) => app.benchSynth(${n}, ${JSON.stringify(project)}))`;
    return `node -e "${script.replace(/"/g, '\\"')}"`;
  };
  for (const n of SCALES) scale.push(bench(`N=${n} services`, scaleCommand(n), { runs: Math.min(RUNS, 3) }));
  scale.push(bench('N=500 services, every chart changed', scaleCommand(500), { ...everyChartChanged(), runs: Math.min(RUNS, 3) }));
  sections.push(['synth of N synthetic services (production, one chart each)', scale]);
  for (const variable of Object.keys(SYNTH_CACHES)) delete process.env[variable];
  if (process.env.BENCH_TESTS !== 'off') {
    const coverage = outdir('coverage');
    sections.push(['npm test and its phases (they run side by side), warm caches', [
      bench('npm test', `npm test -- --silent --coverageDirectory=${relative(coverage)}`, { runs: 1 }),
      bench('tsc --noEmit (incremental)', 'npm run -s typecheck', { runs: 1 }),
      bench('eslint (cached)', 'npm run -s lint', { runs: 1 }),
      bench('jest --coverage', `npm run -s test:unit -- --silent --coverageDirectory=${relative(coverage)}`, { runs: 1 }),
    ]]);
  }
  if (gitStatus() !== statusBefore) process.stderr.write('warning: the working tree changed while benchmarking\n');

  const width = Math.max(...sections.flatMap(([, rows]) => rows.map((row) => row.label.length)));
  console.log(`node ${process.version}, ${os.cpus().length} cores; median wall time of the runs after one warm-up`);
  console.log(`${'command'.padEnd(width)}  runs  median s  peak MiB  x floor`);
  // Seconds to the millisecond: the ratios to a 0.08 s floor need them.
  for (const [title, rows] of sections) {
    console.log(`-- ${title}`);
    for (const row of rows) {
      console.log(`${row.label.padEnd(width)}  ${String(row.runs).padStart(4)}  ${row.seconds.toFixed(3).padStart(8)}  `
        + `${row.peakMiB.toFixed(0).padStart(8)}  ${(row.seconds / floor.seconds).toFixed(1).padStart(7)}`);
    }
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
