import type { ChartPlan } from './deployment-plan';
import { SynthesizedChart, synthesizeCharts, toYaml, validateCharts } from './synthesize';
import { replaceDirectory, writeFileAtomically } from './write-output';

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
  readonly charts: readonly SynthesizedChart[];
  readonly files: readonly string[];
}

/**
 * Build, validate, write. Any error before the final rename leaves the previous
 * output byte-for-byte as it was.
 */
export async function synthesize(options: SynthOptions): Promise<SynthResult> {
  const charts = synthesizeCharts(options.plans);
  await validateCharts(charts);
  const extra = options.generatedFiles?.(charts) ?? [];
  const files = new Map(charts.map((chart) => [chart.plan.file, toYaml(chart)]));
  replaceDirectory(options.outdir, files);
  for (const file of extra) writeFileAtomically(file.path, file.content);
  return { charts, files: [...files.keys(), ...extra.map((file) => file.path)] };
}

/** Entry point for `main.ts`: prints what it wrote, or the error, and sets the exit code. */
export async function runSynth(options: SynthOptions): Promise<void> {
  try {
    const result = await synthesize(options);
    if (process.env.SYNTH_QUIET !== 'true') {
      console.log(`synthesized ${result.charts.length} charts into ${options.outdir}/`);
    }
  } catch (error) {
    console.error(`synth failed, ${options.outdir}/ left unchanged:\n${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
