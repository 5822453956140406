import * as fs from 'fs';
import * as path from 'path';
import { EngineConflicts } from '../delivery/engine-conflicts';
import type { ChartPlan } from '../plan/deployment-plan';
import { checkPromqlSyntax } from '../validation/promql-syntax';
import { describeSpecError, SpecError, withSpecContext } from '../validation/errors';
import { type KubernetesObject, validateAgainstSchemas } from '../validation/schema-validation';
import { checkOutputFolder, GeneratedFile, OutputRefused, OutputWriteError, writeOutputFiles, type WriteSummary } from './output-files';
import { chartFiles, DeploymentOutline, synthesizeChart } from './synthesize';

/** Output folder when none is given. */
export const DEFAULT_OUTDIR = 'dist';
/** The project this code belongs to, wherever synth is started from. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export interface SynthOptions {
  /** The charts to write, or how to plan them (planning errors then get synth's one-line report). */
  readonly charts: readonly ChartPlan[] | (() => readonly ChartPlan[]);
  /**
   * Folder, relative to the project root, that receives one YAML file per chart and
   * synth's manifest. An empty string, the root or a folder outside it is refused.
   * @default 'dist'
   */
  readonly outdir?: string;
  /** Folder the generated files' paths are relative to. @default the project holding this file */
  readonly projectRoot?: string;
  /** Documents written from the whole plan once every chart is built (summary, policies). */
  readonly documents?: (input: DocumentsInput) => readonly GeneratedFile[];
  /** Called before each change on disk; fault tests stop or kill the run there. @default none */
  readonly onStep?: (step: string) => void;
  /**
   * The cdk8s CLI's output folder (CDK8S_OUTDIR), which the CLI deletes before it runs the
   * app, so it must never be synth's own: after a successful synth it receives a copy of
   * the charts, for the CLI to list. @default none
   */
  readonly cliOutdir?: string;
}

/** What the documents are written from, once every chart is built. */
export interface DocumentsInput {
  readonly outlines: readonly DeploymentOutline[];
  /** `apiVersion/kind` of every object synthesized, per cluster folder (`production/eu-west-1`), in order of first appearance. */
  readonly kindsByCluster: ReadonlyMap<string, readonly string[]>;
  /** The output folder, relative to the project root, for documents that live in it. */
  readonly outdir: string;
}

export interface SynthResult {
  /** Files produced, relative to the project root: charts, dashboards, then documents. */
  readonly files: readonly string[];
  readonly chartCount: number;
  /** What changed on disk. */
  readonly output: WriteSummary;
}

/** A problem of the input that one line describes fully (no stack). */
export class SynthInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SynthInputError';
  }
}

/** What is on disk after a failure: as before, or partly written by this run. */
export type OnDisk = 'unchanged' | 'partial';

/** Says what is on disk after a failure; printed as the last line. */
export class SynthFailure extends Error {
  constructor(readonly cause: unknown, readonly onDisk: OnDisk) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'SynthFailure';
  }
}

/**
 * Builds every chart, checks all of them (schemas, PromQL) and the documents, and only
 * then writes (output-files.ts). Schema problems of all charts are reported together.
 * Throws SynthFailure.
 */
export async function synthesize(options: SynthOptions): Promise<SynthResult> {
  try {
    const charts = typeof options.charts === 'function' ? options.charts() : options.charts;
    if (charts.length === 0) throw new SynthInputError('there is no chart to synthesize: the deployment plan is empty');
    const outdir = options.outdir ?? DEFAULT_OUTDIR;
    const problems: string[] = [];
    const files: GeneratedFile[] = [];
    const outlines: DeploymentOutline[] = [];
    const kindsByCluster = new Map<string, string[]>();
    const conflictsByCluster = new Map<string, EngineConflicts>();
    const chartPaths: string[] = [];
    for (const plan of charts) {
      const context = { service: plan.deployment?.service.name, environment: plan.environment?.name };
      const chart = withSpecContext(context, () => synthesizeChart(plan));
      problems.push(...await validateAgainstSchemas(plan.file, chart.objects), ...await checkPromqlSyntax(plan.file, chart.objects, chart.dashboardsByJson));
      const written = withSpecContext(context, () => chartFiles(outdir, chart));
      chartPaths.push(...written.map((file) => file.path));
      files.push(...written, ...chart.files);
      if (chart.outline) outlines.push(chart.outline);
      if (plan.environment) {
        const folder = plan.environment.cluster.folder;
        addEmittedKinds(kindsByCluster, folder, chart.objects);
        const conflicts = conflictsByCluster.get(folder) ?? new EngineConflicts();
        conflictsByCluster.set(folder, conflicts);
        problems.push(...conflicts.add(chart.objects).map((conflict) => `${folder}: ${conflict}`));
      }
    }
    if (problems.length > 0) throw new SynthInputError(`validation failed:\n  ${problems.join('\n  ')}`);
    files.push(...options.documents?.({ outlines, kindsByCluster, outdir }) ?? []);
    const projectRoot = options.projectRoot ?? PROJECT_ROOT;
    const output = writeOutputFiles(files, { projectRoot, outdir, onStep: options.onStep });
    if (options.cliOutdir !== undefined) copyChartsForCli(projectRoot, outdir, options.cliOutdir, chartPaths);
    return { chartCount: charts.length, files: [...new Set(files.map((file) => file.path))], output };
  } catch (error) {
    throw new SynthFailure(error, error instanceof OutputWriteError ? 'partial' : 'unchanged');
  }
}

function copyChartsForCli(projectRoot: string, outdir: string, cliOutdir: string, chartPaths: readonly string[]): void {
  const copy = path.resolve(projectRoot, checkOutputFolder(projectRoot, cliOutdir));
  if (copy === path.resolve(projectRoot, outdir)) return;
  for (const file of chartPaths) fs.cpSync(path.join(projectRoot, file), path.join(copy, path.relative(outdir, file)));
}

/** Records the `apiVersion/kind` of `objects` under their cluster folder, each once, in order of first appearance. */
export function addEmittedKinds(kindsByCluster: Map<string, string[]>, folder: string, objects: readonly KubernetesObject[]): void {
  const kinds = kindsByCluster.get(folder) ?? [];
  for (const object of objects) if (!kinds.includes(`${object.apiVersion}/${object.kind}`)) kinds.push(`${object.apiVersion}/${object.kind}`);
  kindsByCluster.set(folder, kinds);
}

/** The last line of a failed synth: what is on disk now. */
export function describeOnDisk(onDisk: OnDisk): string {
  switch (onDisk) {
    case 'unchanged': return 'nothing was changed: no generated file (charts, dashboards, docs) was written or deleted';
    case 'partial': return 'the generated files (charts, dashboards, docs) are part old, part new: '
      + 'run synth again to finish, or `git checkout -- dist dashboards docs` to go back';
  }
}

/** The failure itself: one line for a spec or setup problem, the stack (TypeScript lines) for a bug. */
export function describeFailure(cause: unknown): string {
  if (cause instanceof SpecError) return `synth failed: ${describeSpecError(cause)}`;
  if (cause instanceof OutputRefused || cause instanceof SynthInputError) return `synth failed: ${cause.message}`;
  if (cause instanceof OutputWriteError) return `synth failed while writing the output: ${cause.message}`;
  return `synth failed with an unexpected error:\n${cause instanceof Error ? cause.stack : String(cause)}`;
}

/**
 * Whether the cdk8s CLI deleted synth's output folder before running it: the CLI empties its
 * own folder first, so `npx cdk8s synth -o dist` (or a CDK8S_OUTDIR holding dist/) loses dist/.
 */
function cliEmptiedOutput(options: Pick<SynthOptions, 'cliOutdir' | 'outdir' | 'projectRoot'>): boolean {
  if (options.cliOutdir === undefined || options.cliOutdir === '') return false;
  const root = options.projectRoot ?? PROJECT_ROOT;
  const cli = path.resolve(root, options.cliOutdir);
  const output = path.resolve(root, options.outdir ?? DEFAULT_OUTDIR);
  return output === cli || output.startsWith(`${cli}${path.sep}`);
}

/** Entry point for `main.ts`: prints what it wrote, or the error and what is on disk, and sets the exit code. */
export async function runSynth(options: SynthOptions): Promise<void> {
  const outdir = options.outdir ?? DEFAULT_OUTDIR;
  const emptiedByCli = cliEmptiedOutput(options);
  try {
    const { chartCount, output } = await synthesize(options);
    if (emptiedByCli) console.error(`synth: warning: ${describeCliEmptied(outdir)}; synth wrote it anew`);
    console.log(`synthesized ${chartCount} charts into ${outdir}/: `
      + `${output.written.length} files written, ${output.unchanged} unchanged, ${output.removed.length} removed`);
  } catch (error) {
    const failure = error instanceof SynthFailure ? error : new SynthFailure(error, 'unchanged');
    console.error(describeFailure(failure.cause));
    console.error(emptiedByCli && failure.onDisk === 'unchanged'
      ? `${describeCliEmptied(outdir)}; synth changed nothing else: \`git checkout -- ${outdir}\` restores it`
      : describeOnDisk(failure.onDisk));
    process.exitCode = 1;
  }
}

function describeCliEmptied(outdir: string): string {
  return `the cdk8s CLI deleted ${outdir}/ before synth ran, because its output folder (-o or CDK8S_OUTDIR) holds it; `
    + 'run `npx cdk8s synth` without -o (its own folder is .cdk8s-cli/)';
}
