import * as fs from 'fs';
import { REPLAY_ANCHOR_SECONDS, REPLAY_STEP_SECONDS } from './incident-scenario';
import { podTimeline } from './service-series';
import { platformFamilies } from './platform-series';
import { serviceFamilies } from './service-series';
import { CLUSTER_LABEL } from '../monitoring/promql';
import { REPLAY_CLUSTER, type ReplayFamily, type ReplaySeries, type ReplayTarget } from './replay-target';

/** Labels the ServiceMonitor gives every series scraped from a pod (Prometheus operator relabelling). */
export function scrapeTargetLabels(target: ReplayTarget, podIndexOf: (pod: string) => number): (pod: string) => Record<string, string> {
  return (pod) => ({
    namespace: target.namespace,
    service: target.service,
    job: target.service,
    endpoint: 'metrics',
    container: target.service,
    pod,
    instance: `10.0.${10 + podIndexOf(pod)}.${20 + target.service.length}:${target.metricsPort}`,
  });
}

/**
 * Every family of every target, merged by name (`up` and the platform series are shared),
 * in a stable order; every series in the replay's cluster.
 */
export function replayFamilies(targets: readonly ReplayTarget[]): ReplayFamily[] {
  const byName = new Map<string, ReplayFamily>();
  for (const target of targets) {
    const timeline = podTimeline(target);
    const labels = scrapeTargetLabels(target, (pod) => timeline.pods.indexOf(pod));
    for (const family of [...serviceFamilies(target, timeline, labels), ...platformFamilies(target, timeline, labels)]) {
      const known = byName.get(family.name);
      if (known && known.type !== family.type) {
        throw new Error(`metric ${family.name} (${family.type} in ${target.service}) is a ${known.type} elsewhere: one name cannot carry two types`);
      }
      byName.set(family.name, { ...family, series: [...(known?.series ?? []), ...family.series] });
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name))
    .map((family) => ({ ...family, series: family.series.map((series) => ({ ...series, labels: { [CLUSTER_LABEL]: REPLAY_CLUSTER, ...series.labels } })) }));
}

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function seriesKey(series: ReplaySeries): string {
  return `${series.name}{${Object.keys(series.labels).sort().map((name) => `${name}="${escapeLabel(series.labels[name])}"`).join(',')}}`;
}

/**
 * The families as OpenMetrics text (what `promtool tsdb create-blocks-from openmetrics`
 * reads), one chunk per series: every sample carries its timestamp in seconds.
 */
export function* openMetricsChunks(families: readonly ReplayFamily[]): Generator<string> {
  for (const family of families) {
    yield `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
    const series = family.series.map((one) => ({ key: seriesKey(one), values: one.values }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { key, values } of series) {
      const lines: string[] = [];
      values.forEach((value, step) => {
        if (value !== undefined) lines.push(`${key} ${value} ${REPLAY_ANCHOR_SECONDS + step * REPLAY_STEP_SECONDS}\n`);
      });
      yield lines.join('');
    }
  }
  yield '# EOF\n';
}

export function openMetricsText(families: readonly ReplayFamily[]): string {
  return [...openMetricsChunks(families)].join('');
}

/** Writes the OpenMetrics file chunk by chunk, so a replay of many services never sits in memory as one string. */
export function writeOpenMetrics(path: string, families: readonly ReplayFamily[]): void {
  const fd = fs.openSync(path, 'w');
  try {
    for (const chunk of openMetricsChunks(families)) fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
}
