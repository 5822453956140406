/**
 * `npm run bench`: median wall time and peak memory (max RSS of the process tree, from
 * GNU time) of synth against the default cdk8s toolchain and the floor of loading
 * cdk8s-plus, then synth of N synthetic services. Prints figures; asserts nothing.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GNU_TIME = '/usr/bin/time';

interface Sample { seconds: number; peakMiB: number }

function measure(command: string, env: NodeJS.ProcessEnv = {}): Sample {
  const result = spawnSync(GNU_TIME, ['-f', '%e %M', 'sh', '-c', `${command} >/dev/null 2>/tmp/bench-stderr`], {
    cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8',
  });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [seconds, kib] = last.split(' ').map(Number);
  if (result.status !== 0 || Number.isNaN(seconds)) {
    throw new Error(`benchmark command failed: ${command}\n${result.stderr}\n${fs.readFileSync('/tmp/bench-stderr', 'utf8')}`);
  }
  return { seconds, peakMiB: kib / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function bench(label: string, command: string, env?: NodeJS.ProcessEnv, runs = RUNS): Sample & { label: string } {
  measure(command, env); // warm-up: file cache and transpile cache
  const samples = Array.from({ length: runs }, () => measure(command, env));
  return { label, seconds: median(samples.map((s) => s.seconds)), peakMiB: median(samples.map((s) => s.peakMiB)) };
}

function table(rows: (Sample & { label: string })[], floor?: number): void {
  const width = Math.max(...rows.map((row) => row.label.length));
  console.log(`${'command'.padEnd(width)}  median s  peak MiB${floor ? '  × floor' : ''}`);
  for (const row of rows) {
    const ratio = floor ? `  ${(row.seconds / floor).toFixed(2).padStart(7)}` : '';
    console.log(`${row.label.padEnd(width)}  ${row.seconds.toFixed(2).padStart(8)}  ${row.peakMiB.toFixed(0).padStart(8)}${ratio}`);
  }
}

if (!fs.existsSync(GNU_TIME)) {
  throw new Error('npm run bench needs GNU time for peak memory: apt-get install -y time');
}
// Inside the project (.bench/ is ignored by git): synth writes only inside the project root.
fs.mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
const scratch = fs.mkdtempSync(path.join(ROOT, '.bench', 'run-'));
// The default toolchain of the cdk8s TypeScript template, on a copy of cdk8s.yaml.
const defaultConfig = path.join(scratch, 'cdk8s.default.yaml');
fs.writeFileSync(defaultConfig, 'language: typescript\napp: npx ts-node main.ts\n');
fs.copyFileSync(path.join(ROOT, 'cdk8s.yaml'), path.join(scratch, 'cdk8s.yaml.saved'));

console.log(`runs per command: ${RUNS} (after one warm-up), node ${process.version}, ${os.cpus().length} cores`);
const floor = bench('floor: node -e "require(\'cdk8s-plus-28\')"', `node -e "require('cdk8s-plus-28')"`);
const rows = [
  bench('npm run synth', 'npm run -s synth'),
  bench('  app alone: node -r ./scripts/register.js main.ts', 'node -r ./scripts/register.js main.ts', { CDK8S_OUTDIR: path.join(scratch, 'app') }),
  bench('cdk8s synth (this repo\'s cdk8s.yaml)', `npx cdk8s synth -o ${path.join(scratch, 'cli')}`, { CDK8S_CHECK_UPGRADE: 'false' }, 3),
  bench('default: npx cdk8s synth, app npx ts-node main.ts',
    `cp ${defaultConfig} cdk8s.yaml && npx cdk8s synth -o ${path.join(scratch, 'default')}; status=$?; cp ${path.join(scratch, 'cdk8s.yaml.saved')} cdk8s.yaml; exit $status`,
    { CDK8S_CHECK_UPGRADE: 'false' }, 3),
  floor,
];
table(rows, floor.seconds);
const synth = rows[0].seconds;
const defaultToolchain = rows[3].seconds;
console.log(`npm run synth: ${(synth / floor.seconds).toFixed(2)}× the floor (goal <= 3), ` +
  `${(defaultToolchain / synth).toFixed(1)}× faster than the default toolchain (goal >= 5)`);

console.log('\nsynth of N synthetic services (one chart each, one environment)');
const scale = [];
for (const n of [10, 100, 500]) {
  scale.push(bench(`N=${n} per-chart Apps (ours)`, `node -r ./scripts/register.js scripts/bench-app.ts ${n} per-chart-app ${path.join(scratch, `n${n}`)}`, {}, 3));
  scale.push(bench(`N=${n} single App (cdk8s default)`, `node -r ./scripts/register.js scripts/bench-app.ts ${n} single-app ${path.join(scratch, `s${n}`)}`, {}, 1));
}
table(scale);
fs.rmSync(scratch, { recursive: true, force: true });
