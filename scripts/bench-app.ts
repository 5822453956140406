/**
 * Synthesizes N synthetic services (copies of the backend spec) in production's first
 * cluster, for `npm run bench`: `benchSynth(N, projectRoot)` writes into `<projectRoot>/dist/`
 * and the dashboards under it, so the bench keeps everything in its own scratch folder.
 */
import { ALERTS } from '../alerts/registry';
import { DASHBOARDS } from '../dashboards/registry';
import { delivery } from '../environments/delivery';
import { production } from '../environments/production';
import { planDeployments } from '../lib/plan/deployment-plan';
import type { EnvironmentSpec } from '../lib/specs/environment-spec';
import type { ServiceSpec } from '../lib/specs/service-spec';
import { synthesize } from '../lib/synth/run-synth';
import { reconciliationBackend } from '../services/reconciliation-backend';

export async function benchSynth(count: number, projectRoot: string): Promise<void> {
  // Each copy owns its Secret, as a plan requires.
  const services: ServiceSpec[] = Array.from({ length: count }, (_, i) => ({
    ...reconciliationBackend,
    name: `service-${i}`,
    secrets: reconciliationBackend.secrets && { ...reconciliationBackend.secrets, targetSecretName: `service-${i}-secrets` },
  }));
  // A plan refuses an environment entry naming no service, and a public host two services share:
  // list exactly these, each on a host of its own.
  const entry = production.services[reconciliationBackend.name];
  const environment: EnvironmentSpec = {
    ...production,
    // N services in one cluster: figures stay comparable as production gains clusters.
    clusters: [production.clusters[0]],
    services: Object.fromEntries(services.map((service) => [service.name, {
      ...entry,
      ...(entry.publicRoute && { publicRoute: { ...entry.publicRoute, host: `${service.name}.${entry.publicRoute.host}` } }),
    }])),
  };
  const { charts } = planDeployments({ environments: [environment], services, alerts: ALERTS, dashboards: DASHBOARDS, delivery });
  const result = await synthesize({ charts, projectRoot, outdir: 'dist' });
  if (result.chartCount !== charts.length) throw new Error(`bench synth wrote ${result.chartCount} of ${charts.length} charts`);
}
