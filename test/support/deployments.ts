import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { ALERTS } from '../../alerts/registry';
import { DASHBOARDS } from '../../dashboards/registry';
import { production } from '../../environments/production';
import { DELIVERY, deploymentPlan, documents, ENVIRONMENTS, SERVICES } from '../../main';
import { DEPLOYMENT_SUMMARY_PATH } from '../../lib/review/deployment-summary';
import { buildServiceDashboard } from '../../lib/grafana/service-dashboard';
import { planDeployments, type ChartPlan, type DeploymentPlan } from '../../lib/plan/deployment-plan';
import { resolveDeployment } from '../../lib/plan/deployment-from-specs';
import type { ResolvedDeployment, ResolvedEnvironment } from '../../lib/plan/resolved-deployment';
import type { BurnRatePolicy } from '../../lib/slo/slo-model';
import type { ClusterSpec, EnvironmentSpec } from '../../lib/specs/environment-spec';
import type { ServiceSpec } from '../../lib/specs/service-spec';
import { addEmittedKinds } from '../../lib/synth/run-synth';
import { type DeploymentOutline, synthesizeChart, type SynthesizedChart } from '../../lib/synth/synthesize';
import { validateAgainstSchemas } from '../../lib/validation/schema-validation';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { billingWorker } from '../fixtures/billing-worker';

/**
 * The plan the suites test: main.ts's, or with TEST_EXTRA_SERVICE=billing-worker the same
 * plus the fixture service, as Jest runs the "each service" suites to prove that they
 * follow the plan rather than a list of their own (test/support/plan-following.js).
 */
export function testPlan(): DeploymentPlan {
  if (process.env.TEST_EXTRA_SERVICE === undefined) return deploymentPlan();
  if (process.env.TEST_EXTRA_SERVICE !== billingWorker.name) throw new Error(`TEST_EXTRA_SERVICE must be ${billingWorker.name}`);
  return planOf(ENVIRONMENTS, [...SERVICES, billingWorker]);
}

const plan = testPlan();

/** One service in one cluster of one environment (its first by default), resolved as the deployment plan does it, with the real alert registry. */
export function resolved(
  service: ServiceSpec = reconciliationBackend,
  environment: EnvironmentSpec = production,
  burnRatePolicy?: BurnRatePolicy,
  cluster: ClusterSpec = environment.clusters[0],
): ResolvedDeployment {
  return resolveDeployment(service, environment, cluster, ALERTS, burnRatePolicy);
}

/**
 * A plan of the given specs with the real alert and dashboard registries. Each
 * environment keeps only its entries for the given services, since a plan refuses an
 * entry naming a service it does not deploy.
 */
export function planOf(environments: readonly EnvironmentSpec[], services: readonly ServiceSpec[]): DeploymentPlan {
  const names = new Set(services.map((service) => service.name));
  const trimmed = environments.map((environment) => ({
    ...environment,
    services: Object.fromEntries(Object.entries(environment.services).filter(([name]) => names.has(name))),
  }));
  return planDeployments({ environments: trimmed, services, alerts: ALERTS, dashboards: DASHBOARDS, delivery: DELIVERY });
}

/** The cluster folders main.ts's environments make, in order: `staging/eu-west-1`, …. */
export function clusterFolders(): string[] {
  return ENVIRONMENTS.flatMap((environment) => environment.clusters.map((cluster) => `${environment.name}/${cluster.name}`));
}

/** Fails unless the plan holds deployments with and without what a rule is about, so neither side of it goes untested. */
export function expectBothKinds(has: readonly boolean[]): void {
  expect(new Set(has)).toEqual(new Set([true, false]));
}

/** Every deployment the plan holds: each service in each environment. */
export function deployedServices(): readonly ResolvedDeployment[] {
  return plan.deployments;
}

/** One dashboard built for one deployment. */
export interface BuiltDashboard {
  readonly environment: string;
  readonly service: string;
  readonly slug: string;
  readonly dashboard: Dashboard;
}

/** The dashboards a deployment gets: those of the registry whose panels its signals support. */
export function dashboardsFor(deployment: ResolvedDeployment): BuiltDashboard[] {
  return DASHBOARDS.flatMap((definition) => {
    const dashboard = buildServiceDashboard(definition, deployment);
    return dashboard ? [{ environment: deployment.environment.name, service: deployment.service.name, slug: definition.slug, dashboard }] : [];
  });
}

export function synthesizeCharts(charts: readonly ChartPlan[]): SynthesizedChart[] {
  return charts.map(synthesizeChart);
}

/** Schema-checks every object of the charts; throws one error listing every problem. */
export async function validateCharts(charts: readonly SynthesizedChart[]): Promise<void> {
  const problems: string[] = [];
  for (const chart of charts) problems.push(...await validateAgainstSchemas(chart.plan.file, chart.objects));
  if (problems.length > 0) throw new Error(`Validation failed:\n  ${problems.join('\n  ')}`);
}

/** What the summary reads of synthesized charts: the outlines of the service charts. */
export function outlinesOf(charts: readonly SynthesizedChart[]): DeploymentOutline[] {
  return charts.flatMap((chart) => (chart.outline ? [chart.outline] : []));
}

/** docs/DEPLOYMENT.md as synth writes it for the given charts of main.ts's specs. */
export function summaryOf(charts: readonly ClusterChart[]): string {
  const kindsByCluster = new Map<string, string[]>();
  for (const chart of charts) addEmittedKinds(kindsByCluster, chart.plan.environment.cluster.folder, chart.objects);
  const files = documents({ outlines: outlinesOf(charts), kindsByCluster, outdir: 'dist' });
  return files.find((file) => file.path === DEPLOYMENT_SUMMARY_PATH)!.content;
}

/** A chart of a cluster folder: one the plan applies into a cluster, with its environment there. */
export type ClusterChart = SynthesizedChart & { readonly plan: ChartPlan & { readonly environment: ResolvedEnvironment } };

let mainCharts: readonly SynthesizedChart[] | undefined;
/** Every chart of main.ts's plan (the engines' own included), synthesized once per test file. */
export function synthesizedPlanCharts(): readonly SynthesizedChart[] {
  mainCharts ??= synthesizeCharts(plan.charts);
  return mainCharts;
}

/** The charts of main.ts's plan that cluster folders hold, for the suites that read the output. */
export function synthesizedMainPlan(): readonly ClusterChart[] {
  return synthesizedPlanCharts().filter((chart): chart is ClusterChart => chart.plan.environment !== undefined);
}
