import type { HpaTick } from './hpa-simulation';
import { SCALING_SCENARIOS, ScalingCheck, ScalingReview } from './scaling-checks';
import type { ScalingSettings } from './scaling-settings';
import { DEFAULT_NODES, DEFAULT_ZONES, EVICTION_RETRY_SECONDS, HPA_SYNC_PERIOD_SECONDS, HPA_TOLERANCE } from './simulation-assumptions';

/** A review labelled with where it applies. */
export interface ServiceScalingReview {
  readonly environment: string;
  readonly service: string;
  readonly review: ScalingReview;
}

const SPARK_LEVELS = '▁▂▃▄▅▆▇█';
const SECONDS_PER_HOUR = 3600;

/** One line naming every figure the simulations assume, for any report that shows their results. */
export function renderScalingAssumptions(settings: Pick<ScalingSettings, 'metricLagSeconds' | 'podStartSeconds'>): string {
  return `Simulated, not measured: HPA sync every ${HPA_SYNC_PERIOD_SECONDS} s, tolerance ${HPA_TOLERANCE * 100} %, `
    + `metric lag ${settings.metricLagSeconds} s (assumed), pod start to Ready ${settings.podStartSeconds} s (assumed), `
    + `eviction retry every ${EVICTION_RETRY_SECONDS} s, pods spread over ${DEFAULT_NODES} nodes and ${DEFAULT_ZONES} zones.`;
}

/** Replicas hour by hour as block characters, scaled between minReplicas (▁) and maxReplicas (█). */
export function replicaSparkline(ticks: readonly HpaTick[], settings: Pick<ScalingSettings, 'minReplicas' | 'maxReplicas'>): string {
  const span = Math.max(1, settings.maxReplicas - settings.minReplicas);
  let line = '';
  // Syncs are HPA_SYNC_PERIOD_SECONDS apart from t = 0: every 240th is on the hour (a day has 5 760).
  const stride = SECONDS_PER_HOUR / HPA_SYNC_PERIOD_SECONDS;
  for (let i = 0; i < ticks.length; i += stride) {
    const tick = ticks[i];
    if (tick.t !== (i / stride) * SECONDS_PER_HOUR) throw new Error(`replicaSparkline: sync ${i} is at ${tick.t} s, not on the hour`);
    line += SPARK_LEVELS[Math.round(((tick.replicas - settings.minReplicas) / span) * (SPARK_LEVELS.length - 1))];
  }
  return line;
}

/** Rows of the step scenario where something moved, plus the first and the last. */
export function stepTimelineRows(ticks: readonly HpaTick[]): HpaTick[] {
  return ticks.filter((tick, i) => {
    const previous = ticks[i - 1];
    return !previous || i === ticks.length - 1 || tick.recommended !== previous.recommended
      || tick.replicas !== previous.replicas || tick.ready !== previous.ready || tick.cpuPercent !== previous.cpuPercent;
  });
}

export function renderChecks(checks: readonly ScalingCheck[]): string[] {
  return [
    '| check | result | detail |',
    '|---|---|---|',
    ...checks.map((c) => `| ${c.name} | ${c.passed ? '✅ pass' : '❌ FAIL'} | ${c.detail} |`),
  ];
}

/** One service's checks, step timeline and daily-wave sparkline. */
export function renderScalingReview(review: ScalingReview, heading: string): string {
  const { settings, step, wave } = review;
  const { stepFactor, stepAtSeconds } = SCALING_SCENARIOS;
  const lines = [
    heading,
    '',
    `${settings.minReplicas}–${settings.maxReplicas} replicas on CPU ${settings.cpuTargetPercent} %`
      + `${settings.memoryTargetPercent === undefined ? '' : `, memory ${settings.memoryTargetPercent} %`}; `
      + `PDB minAvailable ${settings.pdbMinAvailable}; rolling update maxSurge ${settings.maxSurge}, maxUnavailable ${settings.maxUnavailable}.`,
    '',
    ...renderChecks(review.checks),
    '',
    `${stepFactor}× CPU step at ${stepAtSeconds} s (rows where something changed):`,
    '',
    '| t (s) | CPU % seen | recommended | replicas | Ready |',
    '|---:|---:|---:|---:|---:|',
    ...stepTimelineRows(step.ticks).map((tick) =>
      `| ${tick.t} | ${tick.cpuPercent ?? '–'} | ${tick.recommended} | ${tick.replicas} | ${tick.ready} |`),
    '',
    `Daily wave, replicas hour by hour from midnight (▁ = ${settings.minReplicas}, █ = ${settings.maxReplicas}): \`${replicaSparkline(wave.ticks, settings)}\``,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The scaling section of docs/DEPLOYMENT.md: the assumptions once, then each
 * environment's services.
 */
export function renderScalingSection(reviews: readonly ServiceScalingReview[]): string {
  if (reviews.length === 0) return '## Scaling\n\nNo autoscaled service.\n';
  const parts = ['## Scaling', '', renderScalingAssumptions(reviews[0].review.settings), ''];
  for (const { environment, service, review } of reviews) {
    parts.push(renderScalingReview(review, `### ${environment}: ${service}`));
  }
  return parts.join('\n');
}

/** A short form for the pull-request comment: failures in full, passes counted. */
export function renderScalingChecksSummary(reviews: readonly ServiceScalingReview[]): string {
  const lines = ['### Scaling checks', ''];
  if (reviews.length === 0) return `${lines.join('\n')}No autoscaled service.\n`;
  lines.push(renderScalingAssumptions(reviews[0].review.settings), '', '| environment | service | passed | failing |', '|---|---|---:|---|');
  for (const { environment, service, review } of reviews) {
    const failing = review.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.detail}`);
    lines.push(`| ${environment} | ${service} | ${review.checks.length - failing.length}/${review.checks.length} | ${failing.join('<br>') || '–'} |`);
  }
  return `${lines.join('\n')}\n`;
}
