import { dashboardsFor } from '../../dashboards/registry';
import type { GeneratedFile } from '../synth/run-synth';
import type { SynthesizedChart } from '../synth/synthesize';
import { dashboardJson } from './dashboard-json';

/** Folder, relative to the repository root, that synth writes dashboard JSON to for import by hand. */
export const DASHBOARD_FILES_DIR = 'dashboards';

/** `dashboards/<environment>/<service>-<dashboard>.json`: readable where a long uid is cut and hashed. */
export function dashboardFilePath(environment: string, service: string, slug: string): string {
  return `${DASHBOARD_FILES_DIR}/${environment}/${service}-${slug}.json`;
}

/**
 * One file per environment, service and dashboard synthesized, with the same text as
 * its ConfigMap: each environment's dashboards carry their own uid, title and default
 * namespace, so they are imported side by side.
 */
export function dashboardFiles(charts: readonly SynthesizedChart[]): GeneratedFile[] {
  return charts.flatMap(({ plan: { environment, service } }) => {
    if (!service) return [];
    return dashboardsFor(service, environment).map(({ slug, dashboard }) => ({
      path: dashboardFilePath(environment.name, service.name, slug),
      content: dashboardJson(dashboard),
    }));
  });
}
