import { dashboardsFor } from '../../dashboards/registry';
import type { ServiceSpec } from '../specs/service-spec';
import type { GeneratedFile } from '../synth/run-synth';
import type { SynthesizedChart } from '../synth/synthesize';
import { dashboardJson } from './dashboard-json';

/** Folder, relative to the repository root, that synth writes dashboard JSON to for import by hand. */
export const DASHBOARD_FILES_DIR = 'dashboards';

/**
 * `dashboards/<service>-<dashboard>.json` for every service synthesized, with the same
 * text as its ConfigMap. Dashboards do not depend on the environment (namespace and
 * job are variables), so each service's are written once.
 */
export function dashboardFiles(charts: readonly SynthesizedChart[]): GeneratedFile[] {
  const services = new Map<string, ServiceSpec>();
  for (const chart of charts) {
    if (chart.plan.service && !services.has(chart.plan.service.name)) services.set(chart.plan.service.name, chart.plan.service);
  }
  return [...services.values()].flatMap((service) => dashboardsFor(service).map(({ slug, dashboard }) => ({
    path: `${DASHBOARD_FILES_DIR}/${service.name}-${slug}.json`,
    content: dashboardJson(dashboard),
  })));
}
