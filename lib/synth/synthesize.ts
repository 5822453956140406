import { App } from 'cdk8s';
import * as jsYaml from 'js-yaml';
import { KubernetesObject, validateAgainstSchemas } from '../validation/schema-validation';
import type { ChartPlan } from './deployment-plan';

export interface SynthesizedChart {
  readonly plan: ChartPlan;
  readonly objects: readonly KubernetesObject[];
}

/**
 * Builds and resolves each chart in an App of its own. cdk8s resolves and validates
 * the whole App for every chart it writes, which is quadratic in the number of
 * charts; independent Apps keep synth linear and give byte-identical output.
 */
export function synthesizeCharts(plans: readonly ChartPlan[]): SynthesizedChart[] {
  return plans.map(synthesizeChart);
}

export function synthesizeChart(plan: ChartPlan): SynthesizedChart {
  const chart = plan.build(new App({ outdir: 'unused' }));
  return { plan, objects: chart.toJson() as KubernetesObject[] };
}

/** Schema-checks every object; throws one error listing every problem found. */
export async function validateCharts(charts: readonly SynthesizedChart[]): Promise<void> {
  const problems: string[] = [];
  for (const chart of charts) {
    problems.push(...await validateAgainstSchemas(chart.plan.file, chart.objects));
  }
  if (problems.length > 0) {
    throw new Error(`Schema validation failed:\n  ${problems.join('\n  ')}`);
  }
}

/**
 * The YAML text of a chart, byte-identical to what `cdk8s synth` writes (a test holds
 * us to that). js-yaml does it about five times faster than cdk8s' `yaml`-based
 * writer, which dominated synth time at hundreds of charts.
 */
export function toYaml(chart: SynthesizedChart): string {
  return chart.objects.map((object) => jsYaml.dump(object, YAML_OPTIONS)).join('---\n');
}

const YAML_OPTIONS: jsYaml.DumpOptions = { noRefs: true, lineWidth: -1, quotingType: '"' };
