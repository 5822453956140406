/**
 * Synthesizes N synthetic services (copies of the backend spec) into a temporary
 * folder, for `npm run bench`. Usage: bench-app.ts <N> <per-chart-app|single-app> <outdir>
 */
import { App } from 'cdk8s';
import { production } from '../environments/production';
import type { EnvironmentSpec } from '../lib/specs/environment-spec';
import type { ServiceSpec } from '../lib/specs/service-spec';
import { ALERTS } from '../alerts/registry';
import { DASHBOARDS } from '../dashboards/registry';
import { planDeployments } from '../lib/plan/deployment-plan';
import { synthesize } from '../lib/synth/run-synth';
import { reconciliationBackend } from '../services/reconciliation-backend';

const [count, mode, outdir] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const services: ServiceSpec[] = Array.from({ length: count }, (_, i) => ({ ...reconciliationBackend, name: `service-${i}` }));
const environment: EnvironmentSpec = {
  ...production,
  services: Object.fromEntries(services.map((service) => [service.name, production.services[reconciliationBackend.name]])),
};
const { charts } = planDeployments({ environments: [environment], services, alerts: ALERTS, dashboards: DASHBOARDS });

if (mode === 'single-app') {
  // What a default cdk8s app does: every chart in one App, then app.synth().
  const app = new App({ outdir });
  for (const chart of charts) chart.build(app);
  app.synth();
} else {
  synthesize({ charts, outdir }).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
