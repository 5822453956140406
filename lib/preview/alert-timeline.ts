import { durationSeconds } from '../monitoring/prometheus-duration';
import { DEFAULT_RULE_EVALUATION_SECONDS, EXPECTED_ALERTS, INCIDENT_PHASES, phaseAt, REPLAY_ANCHOR_SECONDS } from './incident-scenario';
import { queryRange } from './prometheus-api';
import type { PreviewRuleGroup } from './rule-backfill';

/** One stretch of an alert being active for one label set, as Prometheus's rule manager would see it. */
export interface AlertEpisode {
  readonly alert: string;
  readonly severity: string;
  /** Labels that tell instances apart (pod, slo …), as `a="b"` text; empty for a single instance. */
  readonly instance: string;
  /** Unix seconds. */
  readonly pendingAt: number;
  readonly firingAt?: number;
  readonly resolvedAt?: number;
}

const IDENTITY_LABELS = ['__name__', 'namespace', 'job', 'service', 'horizontalpodautoscaler', 'container', 'alertname'];

/**
 * Evaluates every alerting rule over the window at its group's interval and applies
 * `for`: pending from the first active evaluation, firing once active for `for`,
 * resolved at the first evaluation where it is no longer active.
 */
export async function alertEpisodes(url: string, groups: readonly PreviewRuleGroup[], start: number, end: number): Promise<AlertEpisode[]> {
  const episodes: AlertEpisode[] = [];
  for (const group of groups) {
    const step = group.interval ? durationSeconds(`${group.name}.interval`, group.interval) : DEFAULT_RULE_EVALUATION_SECONDS;
    for (const rule of group.rules) {
      if (!rule.alert) continue;
      const holdFor = rule.for ? durationSeconds(`${rule.alert}.for`, rule.for) : 0;
      for (const series of await queryRange(url, rule.expr, { start, end, step })) {
        const instance = Object.keys(series.labels).filter((name) => !IDENTITY_LABELS.includes(name)).sort()
          .map((name) => `${name}="${series.labels[name]}"`).join(', ');
        const active = new Set(series.points.map(([time]) => time));
        let open: { pendingAt: number; firingAt?: number } | undefined;
        const close = (resolvedAt?: number) => {
          if (open) episodes.push({ alert: rule.alert!, severity: rule.labels?.severity ?? '', instance, ...open, ...(resolvedAt ? { resolvedAt } : {}) });
          open = undefined;
        };
        for (let time = start; time <= end; time += step) {
          if (!active.has(time)) {
            close(open?.firingAt !== undefined ? time : undefined);
            continue;
          }
          open ??= { pendingAt: time };
          if (open.firingAt === undefined && time - open.pendingAt >= holdFor) open.firingAt = time;
        }
        close();
      }
    }
  }
  return episodes.sort((a, b) => a.pendingAt - b.pendingAt || a.alert.localeCompare(b.alert) || a.instance.localeCompare(b.instance));
}

/**
 * Compares what fired with EXPECTED_ALERTS: every expected alert the service has must
 * start firing in its phase, and nothing else may fire. Returns one line per mismatch.
 */
export function unexpectedAlertOutcomes(context: string, alertNames: readonly string[], episodes: readonly AlertEpisode[]): string[] {
  const problems: string[] = [];
  const phaseOf = (time: number) => phaseAt(time - REPLAY_ANCHOR_SECONDS).name;
  const expectationsOf = (alert: string) => EXPECTED_ALERTS.filter(({ alertSuffix }) => alert.endsWith(alertSuffix));
  for (const alert of alertNames) {
    for (const { phase } of expectationsOf(alert)) {
      const fired = episodes.some((episode) => episode.alert === alert && episode.firingAt !== undefined && phaseOf(episode.firingAt) === phase);
      if (!fired) problems.push(`${context}: expected ${alert} to fire during the ${phase} phase, but it did not`);
    }
  }
  for (const episode of episodes) {
    if (episode.firingAt === undefined) continue;
    const phase = phaseOf(episode.firingAt);
    if (!expectationsOf(episode.alert).some((expected) => expected.phase === phase)) {
      problems.push(`${context}: ${episode.alert}${episode.instance ? ` {${episode.instance}}` : ''} fired during the ${phase} phase, which the scenario does not expect`
        + ' (add it to EXPECTED_ALERTS in lib/preview/incident-scenario.ts if it should)');
    }
  }
  return problems;
}

/** `+1h05m` after the replay start, the way the table and the images label times. */
export function offsetLabel(time: number | undefined): string {
  if (time === undefined) return '-';
  const minutes = Math.round((time - REPLAY_ANCHOR_SECONDS) / 60);
  return `+${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** A plain-text table of the episodes, with the phase each one fired in. */
export function alertTable(rows: readonly (AlertEpisode & { readonly context: string })[]): string {
  const header = ['where', 'alert', 'severity', 'instance', 'pending', 'firing', 'resolved', 'phase'];
  const body = rows.map((row) => [row.context, row.alert, row.severity, row.instance, offsetLabel(row.pendingAt), offsetLabel(row.firingAt),
    offsetLabel(row.resolvedAt), row.firingAt === undefined ? '(never fired)' : phaseAt(row.firingAt - REPLAY_ANCHOR_SECONDS).name]);
  const widths = header.map((_, column) => Math.max(...[header, ...body].map((cells) => cells[column].length)));
  return [header, ...body].map((cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

export const PHASE_BOUNDARIES = INCIDENT_PHASES.map(({ name, startOffset, endOffset }) => ({
  name, start: REPLAY_ANCHOR_SECONDS + startOffset, end: REPLAY_ANCHOR_SECONDS + endOffset,
}));
