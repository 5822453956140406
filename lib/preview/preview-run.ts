import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AlertEpisode, alertEpisodes, unexpectedAlertOutcomes } from './alert-timeline';
import { REPLAY_ANCHOR_SECONDS, REPLAY_DURATION_SECONDS, REPLAY_STEP_SECONDS } from './incident-scenario';
import { replayFamilies, writeOpenMetrics } from './openmetrics-writer';
import { DashboardJson, PanelResult, queryDashboard } from './panel-queries';
import { createBlocksFromOpenMetrics, PrometheusServer, startPrometheus } from './prometheus-server';
import type { ReplayTarget } from './replay-target';
import { backfillRecordingRules, PreviewRuleGroup } from './rule-backfill';

/** One service in one environment: what to replay, which rules it ships, which dashboards to draw. */
export interface PreviewService {
  readonly environment: string;
  readonly target: ReplayTarget;
  readonly ruleGroups: readonly PreviewRuleGroup[];
  /** Dashboard JSON by file stem, e.g. `reconciliation-backend-api`. */
  readonly dashboards: Readonly<Record<string, DashboardJson>>;
}

export interface RenderedDashboard {
  readonly environment: string;
  readonly service: string;
  readonly stem: string;
  readonly dashboard: DashboardJson;
  readonly panels: readonly PanelResult[];
  readonly episodes: readonly AlertEpisode[];
}

export interface PreviewResult {
  readonly dashboards: readonly RenderedDashboard[];
  readonly episodes: readonly (AlertEpisode & { readonly context: string })[];
  /** Panels without data, query errors, alerts that did or did not fire against the scenario. */
  readonly failures: readonly string[];
}

export const REPLAY_WINDOW = {
  start: REPLAY_ANCHOR_SECONDS,
  end: REPLAY_ANCHOR_SECONDS + REPLAY_DURATION_SECONDS,
  step: REPLAY_STEP_SECONDS,
};

/**
 * Replays the incident into a real Prometheus, backfills the shipped recording rules,
 * queries every panel and evaluates every alert. The server and its temporary folder
 * live only while this runs.
 */
export async function runPreview(services: readonly PreviewService[], log: (line: string) => void = () => undefined): Promise<PreviewResult> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-preview-'));
  let server: PrometheusServer | undefined;
  // Deletes the folder should this process die before the finally below (even by SIGKILL).
  const reaper = spawn('sh', ['-c', 'cat >/dev/null; rm -rf "$0"', workDir], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  reaper.unref();
  (reaper.stdin as unknown as { unref?: () => void }).unref?.();
  try {
    const openMetricsFile = path.join(workDir, 'replay.om');
    const storagePath = path.join(workDir, 'tsdb');
    writeOpenMetrics(openMetricsFile, replayFamilies(services.map(({ target }) => target)));
    log(`replay written (${(fs.statSync(openMetricsFile).size / 1e6).toFixed(1)} MB of OpenMetrics); creating TSDB blocks`);
    await createBlocksFromOpenMetrics(openMetricsFile, storagePath, workDir);
    fs.rmSync(openMetricsFile);
    server = await startPrometheus({ storagePath, workDir });
    log(`prometheus on ${server.url}; backfilling recording rules`);
    await backfillRecordingRules(server, services.flatMap(({ ruleGroups }) => ruleGroups), REPLAY_WINDOW, storagePath, workDir);

    const failures: string[] = [];
    const dashboards: RenderedDashboard[] = [];
    const allEpisodes: (AlertEpisode & { context: string })[] = [];
    for (const service of services) {
      const context = `${service.environment}/${service.target.service}`;
      const episodes = await alertEpisodes(server.url, service.ruleGroups, REPLAY_WINDOW.start, REPLAY_WINDOW.end);
      const alertNames = service.ruleGroups.flatMap(({ rules }) => rules.flatMap(({ alert }) => (alert ? [alert] : [])));
      failures.push(...unexpectedAlertOutcomes(context, alertNames, episodes));
      allEpisodes.push(...episodes.map((episode) => ({ ...episode, context })));
      for (const [stem, dashboard] of Object.entries(service.dashboards)) {
        const result = await queryDashboard(server.url, `dashboards/${service.environment}/${stem}.json`, dashboard,
          { namespace: service.target.namespace, job: service.target.service, window: REPLAY_WINDOW });
        failures.push(...result.failures);
        dashboards.push({ environment: service.environment, service: service.target.service, stem, dashboard, panels: result.panels, episodes });
      }
      log(`${context}: ${Object.keys(service.dashboards).length} dashboards queried, ${episodes.filter((e) => e.firingAt).length} alerts fired`);
    }
    return { dashboards, episodes: allEpisodes, failures };
  } finally {
    await server?.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
    reaper.stdin.end();
  }
}
