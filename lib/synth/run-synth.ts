import type { ChartPlan } from '../plan/deployment-plan';
import { checkPromqlSyntax } from '../validation/promql-syntax';
import { validateAgainstSchemas } from '../validation/schema-validation';
import { DeploymentOutline, GeneratedFile, synthesizeChart, toYaml } from './synthesize';
import { StagingDirectory, writeFileAtomically } from './write-output';

export interface SynthOptions {
  readonly charts: readonly ChartPlan[];
  /** Folder that receives one YAML file per chart; replaced as a whole. */
  readonly outdir: string;
  /** Documents written from the whole plan once every chart is built (summary, policies). */
  readonly documents?: (outlines: readonly DeploymentOutline[]) => GeneratedFile[];
}

export interface SynthResult {
  /** Files written under the output folder, then the generated files. */
  readonly files: readonly string[];
  readonly chartCount: number;
}

/**
 * Build, validate and write chart by chart into a staging folder that replaces the
 * output folder at the end. Any error leaves the previous output byte-for-byte as it
 * was; schema problems of all charts are reported together.
 */
export async function synthesize(options: SynthOptions): Promise<SynthResult> {
  const staging = new StagingDirectory(options.outdir);
  try {
    const problems: string[] = [];
    const generated: GeneratedFile[] = [];
    const outlines: DeploymentOutline[] = [];
    for (const plan of options.charts) {
      const chart = synthesizeChart(plan);
      problems.push(...await validateAgainstSchemas(plan.file, chart.objects), ...await checkPromqlSyntax(plan.file, chart.objects));
      if (problems.length === 0) staging.write(plan.file, toYaml(chart));
      generated.push(...chart.files);
      if (chart.outline) outlines.push(chart.outline);
    }
    if (problems.length > 0) throw new Error(`Validation failed:\n  ${problems.join('\n  ')}`);
    generated.push(...options.documents?.(outlines) ?? []);
    staging.commit();
    for (const file of generated) writeFileAtomically(file.path, file.content);
    return { chartCount: options.charts.length, files: [...options.charts.map((plan) => plan.file), ...generated.map((file) => file.path)] };
  } catch (error) {
    staging.discard();
    throw error;
  }
}

/** Entry point for `main.ts`: prints what it wrote, or the error, and sets the exit code. */
export async function runSynth(options: SynthOptions): Promise<void> {
  try {
    const result = await synthesize(options);
    if (process.env.SYNTH_QUIET !== 'true') {
      console.log(`synthesized ${result.chartCount} charts into ${options.outdir}/`);
    }
  } catch (error) {
    console.error(`synth failed, ${options.outdir}/ left unchanged:\n${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
