import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OutputFolderRefused } from '../../lib/synth/output-folder';
import { beginOutputTransaction, OutputCommitError } from '../../lib/synth/output-transaction';
import { SynthLockTimeout } from '../../lib/synth/synth-lock';
import { FIXTURE_OUTDIR, generationFiles } from '../fixtures/output-generation';

const ROOT = path.resolve(__dirname, '../..');
const RUN_FIXTURE = path.join(ROOT, 'test/fixtures/output-transaction-run.ts');
const REGISTER = path.join(ROOT, 'scripts/register.js');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'output-transaction-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

let projects = 0;
/** A throwaway project root with sources and hand-written files next to where synth writes. */
function makeProject(): string {
  const root = path.join(scratch, `project-${projects++}`);
  const files: Record<string, string> = {
    'package.json': '{"name": "fixture"}\n',
    '.git/HEAD': 'ref: refs/heads/main\n',
    'src/main.ts': 'export {};\n',
    'docs/hand-written.md': '# written by a person\n',
    'dashboards/hand.json': '{}\n',
  };
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

function copyProject(from: string): string {
  const root = path.join(scratch, `project-${projects++}`);
  fs.cpSync(from, root, { recursive: true, preserveTimestamps: true });
  return root;
}

/** Every folder (`name/`), link and file (with its content) under `root`. */
function snapshot(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    const relative = path.relative(root, path.join(entry.parentPath, entry.name));
    if (entry.isDirectory()) entries[`${relative}/`] = '';
    else if (entry.isSymbolicLink()) entries[relative] = `-> ${fs.readlinkSync(path.join(root, relative))}`;
    else entries[relative] = fs.readFileSync(path.join(root, relative), 'utf8');
  }
  return entries;
}

function commitGeneration(root: string, generation: string, onStep?: (step: string) => void) {
  const transaction = beginOutputTransaction({ projectRoot: root, outdir: FIXTURE_OUTDIR, onStep });
  for (const [file, content] of generationFiles(generation)) transaction.write(file, content);
  return transaction.commit();
}

/** What a kill leaves behind is finished by the next run, which takes the lock first. */
function recover(root: string): void {
  beginOutputTransaction({ projectRoot: root, outdir: FIXTURE_OUTDIR }).abort();
}

function runFixture(root: string, generation: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['-r', REGISTER, RUN_FIXTURE, root, generation], {
    env: { ...process.env, NODE_OPTIONS: '', ...env }, encoding: 'utf8',
  });
}

function startFixture(root: string, generation: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['-r', REGISTER, RUN_FIXTURE, root, generation], { env: { ...process.env, NODE_OPTIONS: '', ...env } });
}

/** `work` on every item, at most RUNS_AT_ONCE at a time (the next starts as one ends); results in item order. */
const RUNS_AT_ONCE = 6;
async function inParallel<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(RUNS_AT_ONCE, items.length) }, worker));
  return results;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk) => { stderr += String(chunk); });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

describe('an output transaction', () => {
  it('commits every generated file with a manifest, and the next generation deletes what it no longer produces', () => {
    const root = makeProject();
    const first = commitGeneration(root, 'a');
    expect(first.written).toHaveLength(83);
    const second = commitGeneration(root, 'b');
    expect(second.removed).toEqual(expect.arrayContaining(['out/staging/chart-0.k8s.yaml', 'dashboards/production/service-4.json', 'docs/only-a.md']));
    expect(second.removed).toHaveLength(21);
    const expected = generationFiles('b');
    const files = snapshot(root);
    for (const [file, content] of expected) expect(files[file]).toBe(content);
    expect(files['docs/only-a.md']).toBeUndefined();
    expect(files['docs/hand-written.md']).toBe('# written by a person\n');
    expect(files['dashboards/hand.json']).toBe('{}\n');
    expect(files['out/.synth-manifest'].trim().split('\n')).toHaveLength(expected.size);
    expect(Object.keys(files).filter((file) => file.startsWith('.synth'))).toEqual([]);
  });

  it('leaves a file whose content is unchanged untouched (same mtime)', () => {
    const root = makeProject();
    commitGeneration(root, 'a');
    const unchanged = path.join(root, 'docs/A.md');
    const past = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(unchanged, past, past);
    const summary = commitGeneration(root, 'b');
    expect(summary.written).not.toContain('docs/A.md');
    expect(fs.statSync(unchanged).mtime).toEqual(past);
  });

  it('puts back every file already swapped in (charts and dashboards too) when a docs/ write fails', () => {
    const root = makeProject();
    commitGeneration(root, 'a');
    const before = snapshot(root);
    const failDocs = (step: string) => {
      if (step === 'put docs/B.md') throw new Error('disk full (simulated)');
    };
    let thrown: unknown;
    try {
      commitGeneration(root, 'b', failDocs);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OutputCommitError);
    expect((thrown as OutputCommitError).onDisk).toBe('restored');
    expect(snapshot(root)).toEqual(before);
  });

  it('keeps a file that is no longer produced but was edited since synth wrote it', () => {
    const root = makeProject();
    commitGeneration(root, 'a');
    fs.writeFileSync(path.join(root, 'docs/only-a.md'), '# edited by hand\n');
    const summary = commitGeneration(root, 'b');
    expect(summary.keptEdited).toEqual(['docs/only-a.md']);
    expect(fs.readFileSync(path.join(root, 'docs/only-a.md'), 'utf8')).toBe('# edited by hand\n');
  });
});

describe('a synth killed (SIGKILL) at any moment', () => {
  const base = makeProject();
  commitGeneration(base, 'a');
  const before = snapshot(base);
  const afterRoot = copyProject(base);
  commitGeneration(afterRoot, 'b');
  const after = snapshot(afterRoot);

  /** Kills runs of generation b over generation a, recovers, and says which generation is on disk. */
  function outcomeAfterRecovery(root: string): 'old' | 'new' {
    recover(root);
    const files = snapshot(root);
    if (JSON.stringify(files) === JSON.stringify(before)) return 'old';
    expect(files).toEqual(after); // anything else is a mix, or leftovers
    return 'new';
  }

  it('leaves, once the next run recovered, all files old or all new: killed before each of 30 changes on disk', async () => {
    const counting = runFixture(copyProject(base), 'b', { COUNT_STEPS: 'true' });
    expect(counting.status).toBe(0);
    const steps = Number(counting.stdout.trim());
    expect(steps).toBeGreaterThan(100);
    const killPoints = [...new Set(Array.from({ length: 30 }, (_, index) => 1 + Math.round((index * (steps - 1)) / 29)))];
    // Each run has a project of its own, so they run side by side: most of a run is waiting on fsync.
    const outcomes = await inParallel(killPoints, async (killAt) => {
      const root = copyProject(base);
      const run = await exited(startFixture(root, 'b', { KILL_AT_STEP: String(killAt) }));
      expect(run.signal).toBe('SIGKILL');
      const outcome = outcomeAfterRecovery(root);
      fs.rmSync(root, { recursive: true, force: true });
      return outcome;
    });
    expect([...new Set(outcomes)].sort()).toEqual(['new', 'old']);
  });

  it('leaves all files old or all new when killed from outside after a random delay (10 runs)', async () => {
    await inParallel(Array.from({ length: 10 }, (_, run) => run), async () => {
      const root = copyProject(base);
      const child = startFixture(root, 'b');
      const done = exited(child);
      setTimeout(() => child.kill('SIGKILL'), 40 + Math.random() * 200);
      await done;
      outcomeAfterRecovery(root);
      fs.rmSync(root, { recursive: true, force: true });
    });
  });
});

describe('concurrent synths', () => {
  const base = makeProject();
  commitGeneration(base, 'a');
  const expected = Object.fromEntries(['a', 'b', 'c'].map((generation) => {
    const root = copyProject(base);
    commitGeneration(root, generation);
    return [generation, snapshot(root)];
  }));

  it.each([[['b', 'c']], [['a', 'b', 'c']]])('all succeed, one after the other, leaving one generation whole: %j', async (generations) => {
    const root = copyProject(base);
    const runs = await Promise.all(generations.map((generation) => exited(startFixture(root, generation, { HOLD_MS: '150' }))));
    for (const run of runs) expect(run).toMatchObject({ code: 0, signal: null });
    expect(runs.some((run) => run.stderr.includes('waiting for the synth run by pid'))).toBe(true);
    const files = snapshot(root);
    const matching = generations.filter((generation) => JSON.stringify(files) === JSON.stringify(expected[generation]));
    expect(matching).toHaveLength(1);
  });

  it('takes over the lock of a synth that was killed', () => {
    const root = copyProject(base);
    const dead = spawnSync('true');
    fs.mkdirSync(path.join(root, '.synth'));
    fs.writeFileSync(path.join(root, '.synth/lock'), `${dead.pid}\n`);
    commitGeneration(root, 'b');
    expect(snapshot(root)).toEqual(expected.b);
  });

  it('gives up waiting for a live holder with one line that says what to do', async () => {
    const root = copyProject(base);
    const holder = spawn('sleep', ['30']);
    try {
      fs.mkdirSync(path.join(root, '.synth'));
      fs.writeFileSync(path.join(root, '.synth/lock'), `${holder.pid}\n`);
      expect(() => beginOutputTransaction({ projectRoot: root, outdir: FIXTURE_OUTDIR, lockTimeoutMs: 300 })).toThrow(SynthLockTimeout);
      expect(() => beginOutputTransaction({ projectRoot: root, outdir: FIXTURE_OUTDIR, lockTimeoutMs: 100 })).toThrow(
        `another synth (pid ${holder.pid}) still holds ${root}/.synth/lock after 0.1 s; wait for it to finish, or delete ${root}/.synth/lock if no synth is running`);
    } finally {
      holder.kill('SIGKILL');
    }
  });
});

describe('output folders synth refuses', () => {
  const project = makeProject();
  fs.mkdirSync(path.join(project, 'notes'));
  fs.writeFileSync(path.join(project, 'notes/todo.txt'), 'not synth output\n');
  fs.symlinkSync(project, path.join(project, 'link-to-root'));
  // Outside the project, but not the whole system temp folder: the snapshot follows the
  // link, and other processes change that folder meanwhile.
  const outside = fs.mkdtempSync(path.join(scratch, 'outside-'));
  fs.symlinkSync(outside, path.join(project, 'link-out'));
  const before = snapshot(project);

  it.each([
    ['', 'it is empty, which means the project root'],
    ['.', 'it is the project root'],
    ['./', 'it is the project root'],
    ['..', 'or a folder above it'],
    ['/', 'or a folder above it'],
    [project, 'it is the project root'],
    ['../elsewhere', 'it is outside the project root'],
    ['src', 'it holds sources (src/main.ts)'],
    ['.git', 'it is inside .git/'],
    ['node_modules/out', 'it is inside node_modules/'],
    ['docs', 'docs/hand-written.md is not synth output'],
    ['notes', 'notes/todo.txt is not synth output'],
    ['link-to-root', 'it is a symbolic link'],
    ['link-out/dist', 'a symbolic link on its path leads outside the project root'],
    ['package.json', 'it exists and is not a folder'],
  ])('refuses %j and leaves the project as it was', (outdir, reason) => {
    expect(() => beginOutputTransaction({ projectRoot: project, outdir })).toThrow(OutputFolderRefused);
    expect(() => beginOutputTransaction({ projectRoot: project, outdir })).toThrow(reason);
    expect(snapshot(project)).toEqual(before);
  });

  it('refuses CDK8S_OUTDIR="" in `npm run synth` with one line, exit 1, and the project intact', () => {
    const root = makeProject();
    const tree = snapshot(root);
    const run = spawnSync(process.execPath, ['-r', REGISTER, path.join(ROOT, 'test/fixtures/broken-app.ts')], {
      cwd: root, env: { ...process.env, NODE_OPTIONS: '', CDK8S_OUTDIR: '' }, encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'synth failed: refusing output folder "": it is empty, which means the project root; unset CDK8S_OUTDIR for dist/, or name a folder such as dist',
      'nothing was changed: no generated file (charts, dashboards, docs) was written or deleted',
    ]);
    expect(snapshot(root)).toEqual(tree);
  });

  it('adopts an output folder of chart files only (a dist/ from before manifests)', () => {
    const root = makeProject();
    fs.mkdirSync(path.join(root, 'out/staging'), { recursive: true });
    fs.writeFileSync(path.join(root, 'out/staging/old.k8s.yaml'), 'kind: Old\n');
    const transaction = beginOutputTransaction({ projectRoot: root, outdir: FIXTURE_OUTDIR });
    expect(transaction.adopted).toBe(true);
    transaction.write('out/staging/new.k8s.yaml', 'kind: New\n');
    expect(transaction.commit().removed).toEqual(['out/staging/old.k8s.yaml']);
  });
});
