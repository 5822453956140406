import { App } from 'cdk8s';
import { withDeliveryAnnotations } from '../delivery/delivery-annotations';
import { DELIVERY_LAYERS, deliveryStageOf, layerFile } from '../delivery/delivery-order';
import type { ServiceChart } from '../charts/service-chart';
import type { RenderedRule } from '../monitoring/rule-groups';
import type { ChartPlan } from '../plan/deployment-plan';
import type { ResolvedDeployment } from '../plan/resolved-deployment';
import type { KubernetesObject } from '../validation/schema-validation';
import type { GeneratedFile } from './output-files';
import { yamlDocument } from './yaml-document';

export type { GeneratedFile } from './output-files';

/** What a service chart built from its deployment, for the review summary. */
export interface DeploymentOutline {
  readonly deployment: ResolvedDeployment;
  /** Titles of the dashboards shipped, in registry order. */
  readonly dashboardTitles: readonly string[];
  /** The alerting rules as this environment runs them (severity routed). */
  readonly alerts: readonly RenderedRule[];
}

export interface SynthesizedChart {
  readonly plan: ChartPlan;
  readonly objects: readonly KubernetesObject[];
  /** Files written from this chart's objects: each dashboard's JSON, taken from its ConfigMap. */
  readonly files: readonly GeneratedFile[];
  /** Each dashboard's JSON text → the object it is the text of, so checks that read dashboards need not parse them. */
  readonly dashboardsByJson: ReadonlyMap<string, unknown>;
  /** For service charts. */
  readonly outline?: DeploymentOutline;
}

/**
 * Builds and resolves one chart in an App of its own. cdk8s resolves and validates
 * the whole App for every chart it writes, which is quadratic in the number of
 * charts; independent Apps keep synth linear and give byte-identical output.
 */
export function synthesizeChart(plan: ChartPlan): SynthesizedChart {
  const chart = plan.build(new App({ outdir: 'unused' }));
  const built = chart.toJson() as KubernetesObject[];
  // A cluster folder's objects carry their sync wave; the engines' own charts are no folder's.
  const objects = plan.environment ? withDeliveryAnnotations(built) : built;
  // Charts answer `instanceof` by a shared marker, so the plan says which kind this is.
  const dashboards = (chart as Partial<Pick<ServiceChart, 'dashboards'>>).dashboards ?? [];
  const files = dashboardFiles(plan, dashboards, objects);
  const dashboardsByJson = new Map(dashboards.map(({ configMap }) => [configMap.json, configMap.sorted]));
  if (!plan.deployment) return { plan, objects, files, dashboardsByJson };
  return { plan, objects, files, dashboardsByJson, outline: serviceChartOutline(chart as ServiceChart) };
}

/** Each dashboard file is the data of its synthesized ConfigMap, so the two cannot differ. */
function dashboardFiles(plan: ChartPlan, dashboards: ServiceChart['dashboards'], objects: readonly KubernetesObject[]): GeneratedFile[] {
  return dashboards.map(({ file, configMap }) => {
    const object = objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === configMap.configMap.name);
    const data = (object?.data ?? {}) as Record<string, string>;
    if (data[configMap.key] === undefined) throw new Error(`${plan.file}: ConfigMap ${configMap.configMap.name} has no key ${configMap.key}`);
    return { path: file, content: data[configMap.key] };
  });
}

function serviceChartOutline(chart: ServiceChart): DeploymentOutline {
  const { deployment } = chart;
  return {
    deployment,
    dashboardTitles: chart.dashboards.map(({ configMap }) => configMap.title),
    alerts: chart.alertingRules.renderedGroups.flatMap((group) => group.rules.filter((rule) => rule.alert !== undefined)),
  };
}

/**
 * The files a chart is written to. A cluster folder's chart: one per delivery layer it has objects of, in the layer's
 * folder next to the chart's path (`production/eu-west-1/foundation/<chart>.k8s.yaml`), so a
 * GitOps engine can apply the foundation before the workloads (lib/delivery/delivery-order.ts).
 */
export function chartFiles(outdir: string, chart: Pick<SynthesizedChart, 'plan' | 'objects'>): GeneratedFile[] {
  if (!chart.plan.environment) return [{ path: `${outdir}/${chart.plan.file}`, content: toYaml(chart) }];
  return DELIVERY_LAYERS.flatMap((layer) => {
    const objects = chart.objects.filter((object) => deliveryStageOf(object).layer === layer);
    return objects.length === 0 ? [] : [{ path: `${outdir}/${layerFile(chart.plan.file, layer)}`, content: toYaml({ objects }) }];
  });
}

/** The YAML text of a chart's objects, one document each, as js-yaml writes them (yaml-document.ts). */
export function toYaml(chart: { readonly objects: readonly KubernetesObject[] }): string {
  return chart.objects.map(yamlDocument).join('---\n');
}
