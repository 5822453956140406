import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * `npm run synth` and `npx cdk8s synth` as a user runs them, on a copy of this project
 * (its sources, dist/, dashboards/, docs/; node_modules linked) so the real one is untouched.
 */
const ROOT = path.resolve(__dirname, '../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-commands-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const COPIED = ['main.ts', 'package.json', 'cdk8s.yaml', '.swcrc', 'tsconfig.json', 'lib', 'services', 'environments', 'alerts',
  'dashboards', 'docs', 'dist', 'imports', 'scripts'];
const project = path.join(scratch, 'project');
for (const entry of COPIED) fs.cpSync(path.join(ROOT, entry), path.join(project, entry), { recursive: true });
fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));

/** Every generated file's content: dist/, dashboards/, docs/ (a folder that is gone has none). */
function generated(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const folder of ['dist', 'dashboards', 'docs']) {
    if (!fs.existsSync(path.join(project, folder))) continue;
    for (const entry of fs.readdirSync(path.join(project, folder), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files[path.relative(project, path.join(entry.parentPath, entry.name))] = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    }
  }
  return files;
}

function run(command: string, args: readonly string[], cwd = project) {
  const { CDK8S_OUTDIR: _ignored, ...env } = process.env;
  // V8's compile cache is keyed by absolute path: the copy's entries stay in the scratch folder.
  const result = spawnSync(command, args, {
    cwd, encoding: 'utf8', env: { ...env, NODE_OPTIONS: '', CDK8S_CHECK_UPGRADE: 'false', NODE_COMPILE_CACHE: path.join(scratch, 'node-compile-cache') },
  });
  const lines = result.stderr.trim().split('\n');
  const stderr = lines.filter((line) => !line.startsWith('synth: warning:'));
  const warnings = lines.filter((line) => line.startsWith('synth: warning:'));
  return { status: result.status, stdout: result.stdout, stderr, warnings, last: stderr[stderr.length - 1] };
}

const before = generated();
const SPEC = path.join(project, 'services/reconciliation-backend.ts');
const spec = fs.readFileSync(SPEC, 'utf8');

describe('synth commands on a copy of the project', () => {
  afterEach(() => fs.writeFileSync(SPEC, spec));

  it('`npm run synth` from another folder writes into the project, and nothing where it was started', () => {
    const elsewhere = fs.mkdtempSync(path.join(scratch, 'elsewhere-'));
    fs.mkdirSync(path.join(elsewhere, 'docs'));
    fs.writeFileSync(path.join(elsewhere, 'docs/DEPLOYMENT.md'), '# my own notes\n');
    fs.rmSync(path.join(project, 'docs/DEPLOYMENT.md'));
    const result = run(process.execPath, ['-r', path.join(project, 'scripts/register.js'), path.join(project, 'main.ts')], elsewhere);
    expect(result.status).toBe(0);
    expect(generated()).toEqual(before);
    expect(fs.readdirSync(elsewhere, { recursive: true }).sort()).toEqual(['docs', path.join('docs', 'DEPLOYMENT.md')]);
    expect(fs.readFileSync(path.join(elsewhere, 'docs/DEPLOYMENT.md'), 'utf8')).toBe('# my own notes\n');
  });

  it.each([
    ['npm run synth', 'npm', ['run', '-s', 'synth']],
    ['npx cdk8s synth', 'npx', ['cdk8s', 'synth']],
  ])('a bad spec through `%s` leaves every file as it was, exits non-zero, and synth says so last', (_, command, args) => {
    fs.writeFileSync(SPEC, spec.replace(/httpPort: \d+/, 'httpPort: 0'));
    const result = run(command, args);
    expect(result.status).not.toBe(0);
    expect(result.stderr.join('\n')).toContain('synth failed: services.reconciliation-backend.httpPort (reconciliation-backend, ');
    const synthLast = result.stderr.filter((line) => !/^(Error|\s+at |command .* returned a non-zero exit code)/.test(line)).pop();
    expect(synthLast).toBe('nothing was changed: no generated file (charts, dashboards, docs) was written or deleted');
    if (command === 'npm') expect(result.last).toBe(synthLast);
    expect(generated()).toEqual(before);
  });

  it('`npx cdk8s synth` writes dist/ itself and gives the CLI a copy of the charts to list', () => {
    const result = run('npx', ['cdk8s', 'synth']);
    expect(result.status).toBe(0);
    expect(generated()).toEqual(before);
    const charts = Object.keys(before).filter((file) => file.endsWith('.k8s.yaml'));
    for (const chart of charts) {
      expect(fs.readFileSync(path.join(project, '.cdk8s-cli', path.relative('dist', chart)), 'utf8')).toBe(before[chart]);
    }
  });

  describe('`npx cdk8s synth -o dist`, whose CLI deletes dist/ before the app runs', () => {
    const synthLines = (stderr: readonly string[]) => stderr.filter((line) => !/^(Error|\s+at |command .* returned a non-zero exit code)/.test(line));

    it('with a bad spec: synth says last that the CLI deleted dist/ and how to restore it, and changes nothing else', () => {
      fs.writeFileSync(SPEC, spec.replace(/httpPort: \d+/, 'httpPort: 0'));
      const result = run('npx', ['cdk8s', 'synth', '-o', 'dist']);
      expect(result.status).not.toBe(0);
      expect(synthLines(result.stderr).pop()).toBe('the cdk8s CLI deleted dist/ before synth ran, because its output folder (-o or CDK8S_OUTDIR) holds it; '
        + 'run `npx cdk8s synth` without -o (its own folder is .cdk8s-cli/); synth changed nothing else: `git checkout -- dist` restores it');
      expect(fs.existsSync(path.join(project, 'dist'))).toBe(false);
      const unchanged = Object.entries(before).filter(([file]) => !file.startsWith('dist/'));
      expect(Object.entries(generated()).filter(([file]) => !file.startsWith('dist/'))).toEqual(unchanged);
    });

    it('with a good spec: synth writes dist/ anew, whole, and warns', () => {
      const result = run('npx', ['cdk8s', 'synth', '-o', 'dist']);
      expect(result.status).toBe(0);
      expect(generated()).toEqual(before);
      expect(result.warnings).toContain('synth: warning: the cdk8s CLI deleted dist/ before synth ran, because its output folder (-o or CDK8S_OUTDIR) holds it; '
        + 'run `npx cdk8s synth` without -o (its own folder is .cdk8s-cli/); synth wrote it anew');
    });
  });

  it('refuses `--outdir ""` with one line, exit 1, and every file as it was', () => {
    const result = run('npm', ['run', '-s', 'synth', '--', '--outdir', '']);
    expect(result.status).toBe(1);
    expect(result.stderr.slice(-2)).toEqual([
      'synth failed: refusing output folder "": it is empty, which means the project root; name a folder such as dist',
      'nothing was changed: no generated file (charts, dashboards, docs) was written or deleted',
    ]);
    expect(generated()).toEqual(before);
  });
});
