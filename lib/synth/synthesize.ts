import { App, Yaml } from 'cdk8s';
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
  return plans.map((plan) => {
    const app = new App({ outdir: 'unused' });
    const chart = plan.build(app);
    return { plan, objects: chart.toJson() as KubernetesObject[] };
  });
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

/** The YAML text of a chart, as `cdk8s synth` would write it. */
export function toYaml(chart: SynthesizedChart): string {
  return Yaml.stringify(...chart.objects);
}
