import type { ChartPlan } from './deployment-plan';
import { validateAgainstSchemas } from '../validation/schema-validation';
import { SynthesizedChart, synthesizeChart, toYaml } from './synthesize';
import { StagingDirectory, writeFileAtomically } from './write-output';

/** A file that synth keeps in sync outside `dist/` (dashboard JSON, generated docs). */
export interface GeneratedFile {
  /** Path relative to the repository root. */
  readonly path: string;
  readonly content: string;
}

export interface SynthOptions {
  readonly plans: readonly ChartPlan[];
  /** Folder that receives one YAML file per chart; replaced as a whole. */
  readonly outdir: string;
  /** Further files derived from the synthesized charts, written only after `dist/` succeeds. */
  readonly generatedFiles?: (charts: readonly SynthesizedChart[]) => GeneratedFile[];
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
    // Charts are kept only for the generated files; otherwise each is dropped once written.
    const kept: SynthesizedChart[] = [];
    for (const plan of options.plans) {
      const chart = synthesizeChart(plan);
      problems.push(...await validateAgainstSchemas(plan.file, chart.objects));
      if (problems.length === 0) staging.write(plan.file, toYaml(chart));
      if (options.generatedFiles) kept.push(chart);
    }
    if (problems.length > 0) throw new Error(`Schema validation failed:\n  ${problems.join('\n  ')}`);
    const extra = options.generatedFiles?.(kept) ?? [];
    staging.commit();
    for (const file of extra) writeFileAtomically(file.path, file.content);
    return { chartCount: options.plans.length, files: [...options.plans.map((plan) => plan.file), ...extra.map((file) => file.path)] };
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
