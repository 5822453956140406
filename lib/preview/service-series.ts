import type { MetricDefinition } from '../monitoring/metric-catalog';
import { PHASE_CONDITIONS, phaseAt, REPLAY_STEP_SECONDS, ServiceConditions } from './incident-scenario';
import { meanSeconds, middleBucket, shareAtOrBelow } from './latency-distribution';
import { familyName, podNames, replayOffsets, ReplayFamily, ReplaySeries, ReplayTarget, seededNoise } from './replay-target';

/** What a catalog entry stands for in the incident, from the service's signals. */
type SignalRole =
  | 'requests' | 'errors' | 'httpDuration' | 'dbDuration'
  | 'poolActive' | 'poolIdle' | 'poolTotal' | 'cacheHits' | 'cacheMisses' | 'other';

/** Database pool size per pod: utilization × this is the active count. */
const POOL_SIZE = 20;
/** Database queries and cache lookups per request. */
const QUERIES_PER_REQUEST = 2;
const LOOKUPS_PER_REQUEST = 3;
/** Rate of a counter no signal describes, per second and series. */
const OTHER_COUNTER_RATE = 1;
/** Level of a gauge no signal describes, by its unit. */
const OTHER_GAUGE_LEVEL: Readonly<Record<string, number>> = { bytes: 200e6, percent: 25 };
const DEFAULT_GAUGE_LEVEL = 5;
/** Counters and histograms wobble ±10 % from step to step; gauges ±5 %. */
const RATE_JITTER = 0.2;
const GAUGE_JITTER = 0.1;

/** A few plausible values per label name, so breakdowns (by route, by key type) show several series. */
const LABEL_VALUES: Readonly<Record<string, readonly string[]>> = {
  method: ['GET', 'POST'],
  route: ['/api/v1/reconciliations', '/api/v1/accounts'],
  endpoint: ['/api/query', '/api/inference'],
  operation: ['select', 'insert'],
  table: ['ledger_entries'],
  cache_level: ['l1'],
  key_type: ['session', 'account'],
  model: ['llama3'],
  status: ['200'],
};
const OK_STATUS = '200';
const SERVER_ERROR_STATUS = '500';

function roleOf(metric: MetricDefinition, target: ReplayTarget): SignalRole {
  const { http, database, cache } = target.signals;
  const roles: [MetricDefinition | undefined, SignalRole][] = [
    [http?.requests, 'requests'], [http?.errors, 'errors'], [http?.duration, 'httpDuration'],
    [database?.queryDuration, 'dbDuration'], [database?.poolActive, 'poolActive'],
    [database?.poolIdle, 'poolIdle'], [database?.poolTotal, 'poolTotal'],
    [cache?.hits, 'cacheHits'], [cache?.misses, 'cacheMisses'],
  ];
  return roles.find(([signal]) => signal?.name === metric.name)?.[1] ?? 'other';
}

function labelCombinations(labels: readonly string[], valuesOf: (label: string) => readonly string[]): Record<string, string>[] {
  return labels.reduce<Record<string, string>[]>(
    (combinations, label) => combinations.flatMap((combination) => valuesOf(label).map((value) => ({ ...combination, [label]: value }))),
    [{}]);
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** Per step, the conditions and whether each pod is scraped; traffic moves to the pods that are up. */
export interface PodTimeline {
  readonly pods: readonly string[];
  readonly conditions: readonly ServiceConditions[];
  /** up[pod][step] */
  readonly up: readonly (readonly boolean[])[];
  /** Requests a pod takes relative to a healthy pod: pods / pods up. */
  readonly trafficShare: readonly number[];
}

export function podTimeline(target: ReplayTarget): PodTimeline {
  const pods = podNames(target.service, target.minReplicas);
  const crashingPod = pods.length - 1;
  const conditions = replayOffsets().map((offset) => PHASE_CONDITIONS[phaseAt(offset).name]);
  const up = pods.map((_, pod) => conditions.map((state) => !(state.podCrashLooping && pod === crashingPod)));
  const trafficShare = conditions.map((_, step) => pods.length / Math.max(1, up.filter((podUp) => podUp[step]).length));
  return { pods, conditions, up, trafficShare };
}

/** A counter that grows by `ratePerSecond × step` while scraped and restarts from 0 after a gap. */
function counterValues(key: string, up: readonly boolean[], ratePerSecond: (step: number) => number): (number | undefined)[] {
  const noise = seededNoise(key);
  let total = 0;
  return up.map((scraped, step) => {
    const jitter = 1 - RATE_JITTER / 2 + RATE_JITTER * noise();
    if (!scraped) {
      total = 0;
      return undefined;
    }
    if (step > 0) total += ratePerSecond(step) * REPLAY_STEP_SECONDS * jitter;
    return round(total);
  });
}

function histogramSeries(
  metric: MetricDefinition, labels: Record<string, string>, up: readonly boolean[],
  observationsPerSecond: (step: number) => number, medianSeconds: (step: number) => number,
): ReplaySeries[] {
  const bounds = [...(metric.buckets ?? []), Infinity];
  const key = `${metric.name}${JSON.stringify(labels)}`;
  const count = counterValues(`${key}/count`, up, observationsPerSecond);
  const increments = count.map((value, step) => (value === undefined ? 0 : value - (count[step - 1] ?? 0)));
  const cumulative = (perObservation: (step: number) => number) => {
    let total = 0;
    return count.map((value, step) => {
      if (value === undefined) {
        total = 0;
        return undefined;
      }
      total += Math.max(0, increments[step]) * perObservation(step);
      return round(total);
    });
  };
  return [
    ...bounds.map((bound) => ({
      name: `${metric.name}_bucket`,
      labels: { ...labels, le: bound === Infinity ? '+Inf' : String(bound) },
      values: bound === Infinity ? count : cumulative((step) => shareAtOrBelow(bound, medianSeconds(step))),
    })),
    { name: `${metric.name}_sum`, labels, values: cumulative((step) => meanSeconds(medianSeconds(step))) },
    { name: `${metric.name}_count`, labels, values: count },
  ];
}

/** The service's own metrics, every catalog entry, one series set per pod, as its ServiceMonitor scrapes them. */
export function serviceFamilies(target: ReplayTarget, timeline: PodTimeline, targetLabels: (pod: string) => Record<string, string>): ReplayFamily[] {
  const statusLabel = target.signals.http?.statusLabel;
  return target.metrics.map((metric) => {
    const role = roleOf(metric, target);
    const series: ReplaySeries[] = [];
    timeline.pods.forEach((pod, podIndex) => {
      const up = timeline.up[podIndex];
      const state = (step: number) => timeline.conditions[step];
      const requestRate = (step: number) => state(step).requestsPerSecond * timeline.trafficShare[step];
      const valuesOf = (label: string) => (role === 'requests' && label === statusLabel
        ? [OK_STATUS, SERVER_ERROR_STATUS] : LABEL_VALUES[label] ?? [`${label}-a`]);
      for (const combination of labelCombinations(metric.labels, valuesOf)) {
        const labels = { ...targetLabels(pod), ...combination };
        const key = `${target.namespace}/${pod}/${metric.name}${JSON.stringify(combination)}`;
        if (metric.type === 'histogram') {
          const isDb = role === 'dbDuration';
          const perSecond = (step: number) => requestRate(step) * (isDb ? QUERIES_PER_REQUEST : 1);
          const median = (step: number) => (role === 'httpDuration' ? state(step).httpMedianSeconds
            : isDb ? state(step).dbMedianSeconds : middleBucket(metric.buckets ?? [1]));
          series.push(...histogramSeries(metric, labels, up, perSecond, median));
        } else if (metric.type === 'counter') {
          const rate = (step: number): number => {
            const { errorRatio, cacheHitRatio } = state(step);
            switch (role) {
              case 'requests':
                if (!statusLabel) return requestRate(step);
                return requestRate(step) * (combination[statusLabel] === SERVER_ERROR_STATUS ? errorRatio : 1 - errorRatio);
              case 'errors': return requestRate(step) * errorRatio;
              case 'cacheHits': return requestRate(step) * LOOKUPS_PER_REQUEST * cacheHitRatio;
              case 'cacheMisses': return requestRate(step) * LOOKUPS_PER_REQUEST * (1 - cacheHitRatio);
              default: return OTHER_COUNTER_RATE;
            }
          };
          series.push({ name: metric.name, labels, values: counterValues(key, up, rate) });
        } else {
          const noise = seededNoise(key);
          const level = (step: number): number => {
            const active = POOL_SIZE * state(step).poolUtilization;
            switch (role) {
              case 'poolActive': return Math.round(active);
              case 'poolIdle': return POOL_SIZE - Math.round(active);
              case 'poolTotal': return POOL_SIZE;
              default: return (OTHER_GAUGE_LEVEL[metric.unit] ?? DEFAULT_GAUGE_LEVEL) * (1 - GAUGE_JITTER / 2 + GAUGE_JITTER * noise());
            }
          };
          series.push({ name: metric.name, labels, values: up.map((scraped, step) => (scraped ? round(level(step)) : undefined)) });
        }
      }
    });
    return { name: familyName(metric), type: metric.type, help: metric.help, series };
  });
}
