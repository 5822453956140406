import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { production } from '../../environments/production';
import { planOf } from '../support/deployments';
import { runSynth } from '../../lib/synth/run-synth';
import { describeSpecError, formatValue, SpecError, withSpecContext } from '../../lib/validation/errors';
import { loadSchemaModels } from '../../lib/validation/schema-models';
import { VALIDATED_KINDS } from '../../lib/validation/schema-validation';
import { reconciliationBackend } from '../../services/reconciliation-backend';

const ROOT = path.resolve(__dirname, '../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-failures-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Runs runSynth in this process and returns what it printed to stderr and the exit code it set. */
async function runSynthCapturing(options: Parameters<typeof runSynth>[0]): Promise<{ stderr: string[]; exitCode: unknown }> {
  const stderr: string[] = [];
  const error = jest.spyOn(console, 'error').mockImplementation((line: string) => { stderr.push(...String(line).split('\n')); });
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const previousExitCode = process.exitCode;
  try {
    await runSynth(options);
    return { stderr, exitCode: process.exitCode };
  } finally {
    process.exitCode = previousExitCode;
    error.mockRestore();
    log.mockRestore();
  }
}

function filesUnder(folder: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const full = path.join(entry.parentPath, entry.name);
      return [path.relative(folder, full), fs.readFileSync(full, 'utf8')];
    }));
}

describe('what a failed synth prints', () => {
  const charts = planOf([production], [reconciliationBackend]).charts;

  it('says the output is part old, part new when writing fails part-way, and the next run finishes it', async () => {
    const projectRoot = fs.mkdtempSync(path.join(scratch, 'project-'));
    const docs = (content: string) => () => [{ path: 'docs/DEPLOYMENT.md', content }];
    expect((await runSynthCapturing({ projectRoot, charts, documents: docs('# first\n') })).exitCode).toBeUndefined();
    const failing = await runSynthCapturing({
      projectRoot,
      charts,
      documents: docs('# second\n'),
      onStep: (step) => {
        if (step === 'rename docs/DEPLOYMENT.md') throw new Error('EIO: i/o error, rename (simulated)');
      },
    });
    expect(failing.exitCode).toBe(1);
    expect(failing.stderr).toEqual([
      'synth failed while writing the output: EIO: i/o error, rename (simulated)',
      'the generated files (charts, dashboards, docs) are part old, part new: run synth again to finish, or `git checkout -- dist dashboards docs` to go back',
    ]);
    expect((await runSynthCapturing({ projectRoot, charts, documents: docs('# second\n') })).exitCode).toBeUndefined();
    const clean = fs.mkdtempSync(path.join(scratch, 'project-'));
    await runSynthCapturing({ projectRoot: clean, charts, documents: docs('# second\n') });
    expect(filesUnder(projectRoot)).toEqual(filesUnder(clean));
  });

  it('prints a spec error as one line naming field, service, environment, rule and what to do', async () => {
    const projectRoot = fs.mkdtempSync(path.join(scratch, 'project-'));
    const broken = () => planOf([production], [{ ...reconciliationBackend, httpPort: 0 }]).charts;
    const run = await runSynthCapturing({ projectRoot, charts: broken });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toEqual([
      'synth failed: services.reconciliation-backend.httpPort (reconciliation-backend, production): 0 must be an integer port number in 1–65535; fix services.reconciliation-backend.httpPort in the service or environment spec',
      'nothing was changed: no generated file (charts, dashboards, docs) was written or deleted',
    ]);
  });

  it('prints an unexpected error with its stack, at TypeScript line numbers', () => {
    const cacheDir = fs.mkdtempSync(path.join(scratch, 'swc-'));
    const run = spawnSync(process.execPath, ['-r', path.join(ROOT, 'scripts/register.js'), path.join(ROOT, 'test/fixtures/register-probe.ts')], {
      env: { ...process.env, NODE_OPTIONS: '', SWC_REGISTER_CACHE_DIR: cacheDir, PROBE_THROW: 'true' }, encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('probe failed on purpose');
    expect(run.stderr).toContain(`${path.join(ROOT, 'test/fixtures/register-probe.ts')}:7:`);
  });
});

describe('spec errors', () => {
  it('writes NaN and Infinity as themselves, not as null', () => {
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue(-Infinity)).toBe('-Infinity');
    expect(formatValue({ cpu: Number.NaN, limits: [Infinity, 1] })).toBe('{"cpu":NaN,"limits":[Infinity,1]}');
    expect(formatValue(10n)).toBe('10n');
    expect(new SpecError('replicas', Number.NaN, 'must be an integer').message).toBe('replicas (NaN) must be an integer');
  });

  it('take the service and environment they were found in, keeping context set closer to the cause', async () => {
    const fail = () => {
      throw new SpecError('replicas', 0, 'must be >= 1', { hint: 'raise replicas' });
    };
    let caught: unknown;
    try {
      withSpecContext({ service: 'api', environment: 'staging' }, () => withSpecContext({ service: 'worker' }, fail));
    } catch (error) {
      caught = error;
    }
    expect(describeSpecError(caught as SpecError)).toBe('replicas (worker, staging): 0 must be >= 1; raise replicas');
    await expect(withSpecContext({ environment: 'production' }, async () => fail())).rejects.toMatchObject({ environment: 'production' });
    expect(() => withSpecContext({ service: 'api' }, () => { throw new TypeError('not a spec error'); })).toThrow(TypeError);
  });
});

describe('self-checking caches', () => {
  it('rebuilds a truncated or altered swc cache entry instead of running it', () => {
    const cacheDir = fs.mkdtempSync(path.join(scratch, 'swc-'));
    const probe = () => spawnSync(process.execPath, ['-r', path.join(ROOT, 'scripts/register.js'), path.join(ROOT, 'test/fixtures/register-probe.ts')], {
      env: { ...process.env, NODE_OPTIONS: '', SWC_REGISTER_CACHE_DIR: cacheDir }, encoding: 'utf8',
    });
    expect(probe().stdout).toBe('probe ran\n');
    const [entry] = fs.readdirSync(cacheDir);
    const file = path.join(cacheDir, entry);
    const good = fs.readFileSync(file, 'utf8');
    const damages = [good.slice(0, Math.floor(good.length / 2)), good.replace('probe ran', 'probe RAN'), good.split('\n').slice(1).join('\n')];
    for (const damaged of damages) {
      fs.writeFileSync(file, damaged);
      const run = probe();
      expect(run).toMatchObject({ status: 0, stdout: 'probe ran\n' });
      expect(fs.readFileSync(file, 'utf8')).toBe(good);
    }
    expect(fs.readdirSync(cacheDir)).toEqual([entry]);
  });

  it('keeps one swc cache entry per file: an edit replaces the entry of the version before, and entries of the old naming go', () => {
    const cacheDir = fs.mkdtempSync(path.join(scratch, 'swc-'));
    const sources = fs.mkdtempSync(path.join(scratch, 'sources-'));
    const [edited, other] = [path.join(sources, 'edited.ts'), path.join(sources, 'other.ts')];
    fs.writeFileSync(other, 'export const other: string = \'other\';\n');
    const run = (version: number) => {
      fs.writeFileSync(edited, `import { other } from './other';\nconst version: number = ${version};\nconsole.log(version, other);\n`);
      return spawnSync(process.execPath, ['-r', path.join(ROOT, 'scripts/register.js'), edited], {
        env: { ...process.env, NODE_OPTIONS: '', SWC_REGISTER_CACHE_DIR: cacheDir }, encoding: 'utf8',
      });
    };
    expect(run(1)).toMatchObject({ status: 0, stdout: '1 other\n' });
    const first = fs.readdirSync(cacheDir).sort();
    expect(first).toHaveLength(2);
    const olderNaming = path.join(cacheDir, `${'a'.repeat(64)}.js`);
    fs.writeFileSync(olderNaming, '//swc-register stale\n');
    expect(run(2)).toMatchObject({ status: 0, stdout: '2 other\n' });
    const second = fs.readdirSync(cacheDir).sort();
    expect(second).toHaveLength(2);
    // other.ts kept its entry; edited.ts's was replaced; the old-style entry is gone.
    expect(second.filter((entry) => first.includes(entry))).toHaveLength(1);
    expect(fs.existsSync(olderNaming)).toBe(false);
    expect(run(1)).toMatchObject({ status: 0, stdout: '1 other\n' });
    expect(fs.readdirSync(cacheDir).sort()).toEqual(first);
  });

  it('never runs stale or damaged code from Node\'s compile cache, which register.js turns on', () => {
    const folder = fs.mkdtempSync(path.join(scratch, 'compile-cache-'));
    const cache = path.join(folder, 'cache');
    fs.writeFileSync(path.join(folder, 'main.ts'), "const value: string = require('./value.js');\nconsole.log(value);\n");
    const run = (value: string) => {
      // Same length each time: the cache must check content, not size or time.
      fs.writeFileSync(path.join(folder, 'value.js'), `module.exports = '${value}';\n`);
      return spawnSync(process.execPath, ['-r', path.join(ROOT, 'scripts/register.js'), path.join(folder, 'main.ts')], {
        env: { ...process.env, NODE_OPTIONS: '', NODE_COMPILE_CACHE: cache, SWC_REGISTER_CACHE_DIR: path.join(folder, 'swc') }, encoding: 'utf8',
      }).stdout;
    };
    expect([run('one'), run('one'), run('two'), run('two')]).toEqual(['one\n', 'one\n', 'two\n', 'two\n']);
    const entries = (fs.readdirSync(cache, { recursive: true }) as string[]).map((entry) => path.join(cache, entry)).filter((file) => fs.statSync(file).isFile());
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) fs.writeFileSync(entry, 'damaged');
    expect(run('six')).toBe('six\n');
  });

  it('rebuilds a truncated schema model bundle instead of loading it without models', () => {
    const intactDir = fs.mkdtempSync(path.join(scratch, 'schema-'));
    loadSchemaModels(intactDir);
    const [bundle] = fs.readdirSync(intactDir);
    const damagedDir = fs.mkdtempSync(path.join(scratch, 'schema-'));
    const good = fs.readFileSync(path.join(intactDir, bundle), 'utf8');
    fs.writeFileSync(path.join(damagedDir, bundle), good.slice(0, Math.floor(good.length * 0.9)));
    const models = loadSchemaModels(damagedDir);
    expect(Object.keys(models).sort()).toEqual([...VALIDATED_KINDS].sort());
    for (const Model of Object.values(models)) expect(typeof Model).toBe('function');
    expect(fs.readFileSync(path.join(damagedDir, bundle), 'utf8')).toBe(good);
  });
});
