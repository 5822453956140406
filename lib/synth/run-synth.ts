import type { ChartPlan } from '../plan/deployment-plan';
import { describeSpecError, SpecError, withSpecContext } from '../validation/errors';
import type { KubernetesObject } from '../validation/schema-validation';
import { chartText } from './chart-text';
import { checkChart } from './checked-charts';
import { saveVerdicts } from '../validation/verdict-cache';
import type { StepObserver } from './commit-journal';
import { OutputFolderRefused } from './output-folder';
import { beginOutputTransaction, CommitSummary, GeneratedFileRefused, OnDisk, OutputCommitError, type OutputTransaction } from './output-transaction';
import { DeploymentOutline, GeneratedFile, synthesizeChart } from './synthesize';
import { SynthLockTimeout } from './synth-lock';

/** Output folder when none is given (`CDK8S_OUTDIR` unset). */
export const DEFAULT_OUTDIR = 'dist';

export interface SynthOptions {
  /** The charts to write, or how to plan them (planning errors then get synth's one-line report). */
  readonly charts: readonly ChartPlan[] | (() => readonly ChartPlan[]);
  /**
   * Folder, relative to the project root, that receives one YAML file per chart and
   * synth's manifest; synth owns it. An empty string is refused, never read as the root.
   * @default 'dist'
   */
  readonly outdir?: string;
  /** Folder the generated files' paths are relative to. @default process.cwd() */
  readonly projectRoot?: string;
  /** Documents written from the whole plan once every chart is built (summary, policies), committed with the charts. */
  readonly documents?: (input: DocumentsInput) => readonly GeneratedFile[];
  /** How long to wait for another synth of the same project. @default 60_000 */
  readonly lockTimeoutMs?: number;
  /** Called before each change on disk; fault tests throw there. @default none */
  readonly onStep?: StepObserver;
}

/** What the documents are written from, once every chart is built. */
export interface DocumentsInput {
  readonly outlines: readonly DeploymentOutline[];
  /** `apiVersion/kind` of every object synthesized, per environment, in order of first appearance. */
  readonly kindsByEnvironment: ReadonlyMap<string, readonly string[]>;
  /** The output folder, relative to the project root, for documents that live in it. */
  readonly outdir: string;
}

export interface SynthResult {
  /** Files produced: chart files (relative to the output folder), then the generated files. */
  readonly files: readonly string[];
  readonly chartCount: number;
  /** Charts whose text was checked (schemas, PromQL); the others passed before, in exactly this text. */
  readonly checkedCharts: number;
  /** Charts rendered as YAML; the others were unchanged, and their file's text was taken as it is. */
  readonly renderedCharts: number;
  /** What the commit changed on disk. */
  readonly commit: CommitSummary;
  /** Whether the output folder had no manifest and was taken over (it held chart files only). */
  readonly adopted: boolean;
}

/** A problem of the input that one line describes fully (no stack). */
export class SynthInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SynthInputError';
  }
}

/** Says what is on disk after a failure; printed as the last line. */
export class SynthFailure extends Error {
  constructor(readonly cause: unknown, readonly onDisk: OnDisk) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'SynthFailure';
  }
}

/**
 * Builds, validates and writes chart by chart into one output transaction together with
 * the generated files, then commits it: every generated file is replaced, or none is.
 * Schema problems of all charts are reported together. Throws SynthFailure.
 */
export async function synthesize(options: SynthOptions, notice: (message: string) => void = () => undefined): Promise<SynthResult> {
  let transaction: OutputTransaction | undefined;
  try {
    const charts = typeof options.charts === 'function' ? options.charts() : options.charts;
    if (charts.length === 0) throw new SynthInputError('there is no chart to synthesize: the deployment plan is empty');
    transaction = beginOutputTransaction({
      projectRoot: options.projectRoot ?? process.cwd(),
      outdir: options.outdir ?? DEFAULT_OUTDIR,
      lockTimeoutMs: options.lockTimeoutMs,
      onNotice: notice,
      onStep: options.onStep,
    });
    const problems: string[] = [];
    // Each chart's objects are dropped once written; only the small outlines are kept for the documents.
    const outlines: DeploymentOutline[] = [];
    const kindsByEnvironment = new Map<string, string[]>();
    const written: string[] = [];
    let checkedCharts = 0;
    let renderedCharts = 0;
    for (const plan of charts) {
      const context = { service: plan.deployment?.service.name, environment: plan.environment.name };
      const chart = withSpecContext(context, () => synthesizeChart(plan));
      const file = `${transaction.outdir}/${plan.file}`;
      const { text, rendered } = chartText(chart.objects, transaction.currentText.bind(transaction, file));
      if (rendered) renderedCharts += 1;
      // Staged, not yet on disk: a chart that fails its checks is never committed.
      const digest = transaction.write(file, text);
      const verdict = await checkChart(plan.file, chart.objects, digest);
      if (verdict.checked) checkedCharts += 1;
      problems.push(...verdict.problems);
      if (problems.length > 0) continue;
      for (const file of chart.files) transaction.write(file.path, file.content);
      written.push(plan.file, ...chart.files.map((file) => file.path));
      if (chart.outline) outlines.push(chart.outline);
      addEmittedKinds(kindsByEnvironment, plan.environment.name, chart.objects);
    }
    // What passed is kept even when something failed: the next run checks only what changed.
    saveVerdicts();
    if (problems.length > 0) throw new SynthInputError(`validation failed:\n  ${problems.join('\n  ')}`);
    const documents = options.documents?.({ outlines, kindsByEnvironment, outdir: transaction.outdir }) ?? [];
    for (const file of documents) transaction.write(file.path, file.content);
    const commit = transaction.commit();
    return { chartCount: charts.length, checkedCharts, renderedCharts, files: [...written, ...documents.map((file) => file.path)], commit, adopted: transaction.adopted };
  } catch (error) {
    transaction?.abort();
    throw new SynthFailure(error, error instanceof OutputCommitError ? error.onDisk : 'unchanged');
  }
}

/** Records the `apiVersion/kind` of `objects` under their environment, each once, in order of first appearance. */
export function addEmittedKinds(kindsByEnvironment: Map<string, string[]>, environment: string, objects: readonly KubernetesObject[]): void {
  const kinds = kindsByEnvironment.get(environment) ?? [];
  for (const object of objects) if (!kinds.includes(`${object.apiVersion}/${object.kind}`)) kinds.push(`${object.apiVersion}/${object.kind}`);
  kindsByEnvironment.set(environment, kinds);
}

/** The last line of a failed synth: what is on disk now. */
export function describeOnDisk(onDisk: OnDisk): string {
  switch (onDisk) {
    case 'unchanged': return 'nothing was changed: no generated file (charts, dashboards, docs) was written or deleted';
    case 'restored': return 'every change was undone: the generated files (charts, dashboards, docs) are as before this run';
    case 'mixed': return 'the generated files (charts, dashboards, docs) are part old, part new: '
      + 'run synth again, it first completes or undoes this run from its journal in .synth/';
  }
}

/** The failure itself: one line for a spec or setup problem, the stack (TypeScript lines) for a bug. */
export function describeFailure(cause: unknown): string {
  const error = cause instanceof OutputCommitError ? cause.cause : cause;
  if (error instanceof SpecError) return `synth failed: ${describeSpecError(error)}`;
  const oneLine = [OutputFolderRefused, SynthLockTimeout, SynthInputError, GeneratedFileRefused].some((known) => error instanceof known);
  if (oneLine) return `synth failed: ${(error as Error).message}`;
  if (cause instanceof OutputCommitError) return `synth failed while writing the output: ${cause.message}`;
  return `synth failed with an unexpected error:\n${error instanceof Error ? error.stack : String(error)}`;
}

/** Entry point for `main.ts`: prints what it wrote, or the error and what is on disk, and sets the exit code. */
export async function runSynth(options: SynthOptions): Promise<void> {
  const outdir = options.outdir ?? DEFAULT_OUTDIR;
  const notice = (message: string) => console.error(`synth: ${message}`);
  try {
    const { chartCount, commit, adopted } = await synthesize(options, notice);
    if (adopted) notice(`took over ${outdir}/, which held chart files only: it now has a manifest, ${outdir}/.synth-manifest`);
    for (const file of commit.keptEdited) notice(`kept ${file}: no longer generated, but edited since synth wrote it; delete it if it is not needed`);
    if (process.env.SYNTH_QUIET !== 'true') {
      console.log(`synthesized ${chartCount} charts into ${outdir}/: `
        + `${commit.written.length} files written, ${commit.unchanged} unchanged, ${commit.removed.length} removed`);
    }
  } catch (error) {
    const failure = error instanceof SynthFailure ? error : new SynthFailure(error, 'unchanged');
    console.error(describeFailure(failure.cause));
    console.error(describeOnDisk(failure.onDisk));
    process.exitCode = 1;
  }
}
