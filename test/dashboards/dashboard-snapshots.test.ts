import { dashboardsFor } from '../../dashboards/registry';
import { dashboardJson } from '../../lib/dashboards/dashboard-json';
import { aionMonitoring } from '../../services/aion-monitoring';
import { collaborationApi } from '../../services/collaboration-api';
import { reconciliationBackend } from '../../services/reconciliation-backend';

/** The dashboards defined in dashboards/api.ts, database-cache.ts and workload.ts; others snapshot their own. */
const SNAPSHOTTED = ['api', 'database-cache', 'workload'];

/**
 * The exact JSON Grafana receives, as it is written to dashboards/*.json. A change
 * here is a change operators will see: read the diff before updating.
 */
describe.each([reconciliationBackend, collaborationApi, aionMonitoring])('dashboards of $name', (service) => {
  const entries = dashboardsFor(service).filter((entry) => SNAPSHOTTED.includes(entry.slug));

  it.each(entries.map((entry) => [entry.slug, entry] as const))('%s', (_slug, entry) => {
    expect(dashboardJson(entry.dashboard)).toMatchSnapshot();
  });
});
