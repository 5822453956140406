import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OutputRefused, OutputWriteError, writeOutputFiles } from '../../lib/synth/output-files';
import { FIXTURE_OUTDIR, generationFiles } from '../fixtures/output-generation';

const ROOT = path.resolve(__dirname, '../..');
const RUN_FIXTURE = path.join(ROOT, 'test/fixtures/output-files-run.ts');
const REGISTER = path.join(ROOT, 'scripts/register.js');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'output-files-'));
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

/** Every folder (`name/`), file (with its content) and symbolic link (`-> target`) under `root`. */
function snapshot(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, full);
    if (entry.isSymbolicLink()) entries[relative] = `-> ${fs.readlinkSync(full)}`;
    else if (entry.isDirectory()) entries[`${relative}/`] = '';
    else entries[relative] = fs.readFileSync(full, 'utf8');
  }
  return entries;
}

const filesOf = (generation: string) => [...generationFiles(generation)].map(([file, content]) => ({ path: file, content }));

function write(root: string, generation: string, onStep?: (step: string) => void) {
  return writeOutputFiles(filesOf(generation), { projectRoot: root, outdir: FIXTURE_OUTDIR, onStep });
}

/** The steps (changes on disk) writing `generation` over what `root` holds takes. */
function stepsOf(root: string, generation: string): string[] {
  const steps: string[] = [];
  write(copyProject(root), generation, (step) => steps.push(step));
  return steps;
}

/** A run that stops dead before its `at`-th change on disk, as a kill would stop it (no cleanup runs). */
class Killed extends Error {}
function killedAt(root: string, generation: string, at: number): void {
  let step = 0;
  expect(() => write(root, generation, () => {
    if (++step === at) throw new Killed();
  })).toThrow(OutputWriteError);
}

function runFixture(root: string, generation: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['-r', REGISTER, RUN_FIXTURE, root, generation], {
    env: { ...process.env, NODE_OPTIONS: '', ...env }, encoding: 'utf8',
  });
}

const base = makeProject();
write(base, 'a');
const generations = Object.fromEntries(['a', 'b', 'c'].map((generation) => {
  const root = copyProject(base);
  write(root, generation);
  return [generation, snapshot(root)];
}));

describe('writing the generated files', () => {
  it('writes every file with a manifest; the next run deletes what it no longer produces and nothing else', () => {
    const root = copyProject(base);
    const summary = write(root, 'b');
    expect(summary.removed).toEqual(expect.arrayContaining(['out/staging/chart-0.k8s.yaml', 'dashboards/production/service-1.json', 'docs/only-a.md']));
    expect(summary.removed).toHaveLength(9);
    const files = snapshot(root);
    for (const [file, content] of generationFiles('b')) expect(files[file]).toBe(content);
    expect(files['docs/only-a.md']).toBeUndefined();
    expect(files['docs/hand-written.md']).toBe('# written by a person\n');
    expect(files['dashboards/hand.json']).toBe('{}\n');
    expect(files['out/.synth-manifest'].trim().split('\n')).toHaveLength(generationFiles('b').size);
    expect(Object.keys(files).filter((file) => file.includes('synth-tmp'))).toEqual([]);
  });

  it('leaves a file whose content is unchanged untouched (same mtime)', () => {
    const root = copyProject(base);
    const unchanged = path.join(root, 'docs/A.md');
    const past = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(unchanged, past, past);
    expect(write(root, 'b').written).not.toContain('docs/A.md');
    expect(fs.statSync(unchanged).mtime).toEqual(past);
  });

  it.each([
    ['the same size, one byte changed', (text: string) => `${text.slice(0, -2)}#\n`],
    ['one byte shorter', (text: string) => text.slice(0, -1)],
    ['one byte longer', (text: string) => `${text}\n`],
    ['non-ASCII of the same length in characters', (text: string) => `${text.slice(0, -2)}é\n`],
  ])('rewrites a file synth wrote whose bytes differ from what it produces: %s', (_, damage) => {
    const root = copyProject(base);
    const file = path.join(root, 'docs/A.md');
    const good = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, damage(good));
    expect(fs.readFileSync(file, 'utf8')).not.toBe(good);
    expect(write(root, 'a').written).toEqual(['docs/A.md']);
    expect(fs.readFileSync(file, 'utf8')).toBe(good);
  });

  it.each([
    ['a hand-written file where a generated one goes', 'docs/B.md', '# mine\n'],
    ['a hand-written chart in the output folder', 'out/production/mine.k8s.yaml', 'kind: Mine\n'],
    ['any other file in the output folder', 'out/notes.txt', 'notes\n'],
  ])('refuses %s, naming it, and changes nothing', (_, file, content) => {
    const root = copyProject(base);
    fs.rmSync(path.join(root, 'docs/B.md'));
    fs.writeFileSync(path.join(root, 'out/.synth-manifest'), fs.readFileSync(path.join(root, 'out/.synth-manifest'), 'utf8')
      .split('\n').filter((line) => !line.endsWith('  docs/B.md')).join('\n'));
    fs.writeFileSync(path.join(root, file), content);
    const before = snapshot(root);
    expect(() => write(root, 'b')).toThrow(OutputRefused);
    expect(() => write(root, 'b')).toThrow(`${file}: not written by synth (not in out/.synth-manifest)`);
    expect(snapshot(root)).toEqual(before);
  });

  it('writes a path given twice with the same content once, and refuses one given with other content, changing nothing', () => {
    const root = copyProject(base);
    const [first] = filesOf('b');
    const summary = writeOutputFiles([...filesOf('b'), first], { projectRoot: root, outdir: FIXTURE_OUTDIR });
    expect(new Set(summary.written).size).toBe(summary.written.length);
    expect(snapshot(root)).toEqual(generations.b);
    const before = snapshot(root);
    expect(() => writeOutputFiles([...filesOf('b'), { ...first, content: `${first.content}other\n` }], { projectRoot: root, outdir: FIXTURE_OUTDIR }))
      .toThrow(`generated file ${JSON.stringify(first.path)} is generated twice with different content`);
    expect(snapshot(root)).toEqual(before);
  });

  it('writes nothing when a generated path would leave the project', () => {
    const root = copyProject(base);
    const before = snapshot(root);
    const files = [...filesOf('b'), { path: 'out/../../escape.yaml', content: 'x' }];
    expect(() => writeOutputFiles(files, { projectRoot: root, outdir: FIXTURE_OUTDIR })).toThrow('must be a normalized relative path inside the project root');
    expect(snapshot(root)).toEqual(before);
  });

  it('writes nothing through a folder that is a symbolic link out of the project', () => {
    const root = copyProject(base);
    const outside = fs.mkdtempSync(path.join(scratch, 'outside-'));
    fs.rmSync(path.join(root, 'dashboards/production'), { recursive: true });
    fs.symlinkSync(outside, path.join(root, 'dashboards/production'));
    const before = snapshot(root);
    expect(() => write(root, 'b')).toThrow(/^generated file "dashboards\/production\/service-\d\.json" would be written outside the project through a symbolic link$/);
    expect(snapshot(root)).toEqual(before);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('refuses a generated file that is a symbolic link, and changes neither it nor what it points to', () => {
    const root = copyProject(base);
    const outside = path.join(fs.mkdtempSync(path.join(scratch, 'outside-')), 'A.md');
    fs.writeFileSync(outside, '# not the project\'s\n');
    fs.rmSync(path.join(root, 'docs/A.md'));
    fs.symlinkSync(outside, path.join(root, 'docs/A.md'));
    expect(() => write(root, 'b')).toThrow('docs/A.md (not a regular file): not written by synth');
    expect(fs.lstatSync(path.join(root, 'docs/A.md')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(outside, 'utf8')).toBe('# not the project\'s\n');
  });
});

describe('output folders synth refuses, changing nothing', () => {
  const project = makeProject();
  const before = snapshot(project);

  it.each([
    ['', 'it is empty, which means the project root'],
    ['  ', 'it is empty, which means the project root'],
    ['.', 'it is not a folder inside the project root'],
    ['./', 'it is not a folder inside the project root'],
    ['..', 'it is not a folder inside the project root'],
    ['/', 'it is not a folder inside the project root'],
    [project, 'it is not a folder inside the project root'],
    ['../elsewhere', 'it is not a folder inside the project root'],
    ['.git', 'it is inside .git/'],
    ['node_modules/out', 'it is inside node_modules/'],
    ['src', 'src/main.ts: not written by synth'],
    ['docs', 'docs/hand-written.md: not written by synth'],
    ['package.json', 'it exists and is not a folder'],
  ])('refuses %j', (outdir, reason) => {
    expect(() => writeOutputFiles([{ path: `${outdir}/x.k8s.yaml`.replace(/^\/+/, ''), content: 'x\n' }], { projectRoot: project, outdir })).toThrow(reason);
    expect(snapshot(project)).toEqual(before);
  });
});

describe('a run stopped at any moment', () => {
  const steps = stepsOf(base, 'b');

  it('takes a change on disk per temporary file, rename and removal', () => {
    expect(steps.length).toBeGreaterThan(30);
    expect(steps[0]).toBe('write out/.synth-manifest');
  });

  it.each(steps.map((step, index) => [index + 1, step]))('before change %i (%s): the next run ends with exactly its output', (at) => {
    const root = copyProject(base);
    killedAt(root, 'b', at as number);
    write(root, 'b');
    expect(snapshot(root)).toEqual(generations.b);
  });

  it('killed for real (SIGKILL) before every fifth change: the next run ends with exactly its output', () => {
    for (let at = 1; at <= steps.length; at += 5) {
      const root = copyProject(base);
      expect(runFixture(root, 'b', { KILL_AT_STEP: String(at) }).signal).toBe('SIGKILL');
      write(root, 'b');
      expect(snapshot(root)).toEqual(generations.b);
    }
  });

  it('and followed by a run of other sources, ends with exactly that run\'s output', () => {
    for (let at = 1; at <= steps.length; at += 3) {
      const root = copyProject(base);
      killedAt(root, 'b', at);
      write(root, 'c');
      expect(snapshot(root)).toEqual(generations.c);
    }
  });
});

describe('two runs at once', () => {
  const steps = stepsOf(base, 'b');

  it.each(steps.map((step, index) => [index + 1, step]))('a whole run before change %i (%s) of the other: both succeed, the output is exact', (at) => {
    const root = copyProject(base);
    let step = 0;
    write(root, 'b', () => {
      if (++step === at) write(root, 'b');
    });
    expect(snapshot(root)).toEqual(generations.b);
  });

  it('as two processes, one stopped (SIGSTOP) at a change while the other runs whole', async () => {
    for (const at of [1, 2, Math.floor(steps.length / 2), steps.length - 1]) {
      const root = copyProject(base);
      const first: ChildProcess = spawn(process.execPath, ['-r', REGISTER, RUN_FIXTURE, root, 'b'], {
        env: { ...process.env, NODE_OPTIONS: '', PAUSE_AT_STEP: String(at) }, stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<number | null>((resolve) => first.on('close', resolve));
      await new Promise<void>((resolve) => first.stdout!.on('data', (chunk) => { if (String(chunk).includes('paused')) resolve(); }));
      expect(runFixture(root, 'b').status).toBe(0);
      first.kill('SIGCONT');
      expect(await exited).toBe(0);
      expect(snapshot(root)).toEqual(generations.b);
    }
  });
});

describe('an output folder on a mount of its own', () => {
  it('is written by rename inside it (no rename across devices)', () => {
    const root = copyProject(base);
    const script = [
      'set -e',
      `mount -t tmpfs tmpfs "$0/${FIXTURE_OUTDIR}"`,
      'for generation in a b; do "$1" -r "$2" "$3" "$0" $generation; done',
      'cd "$0" && sha256sum --quiet -c out/.synth-manifest && find out -type f | sort',
    ].join('\n');
    const run = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script, root, process.execPath, REGISTER, RUN_FIXTURE], {
      env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const expected = [...generationFiles('b').keys()].filter((file) => file.startsWith(`${FIXTURE_OUTDIR}/`));
    expect(run.stdout.trim().split('\n')).toEqual([`${FIXTURE_OUTDIR}/.synth-manifest`, ...expected].sort());
  });
});
