import { createHash } from 'crypto';
import type { MetricDefinition, MetricType } from '../monitoring/metric-catalog';
import type { ServiceSignals } from '../specs/service-signals';
import { REPLAY_DURATION_SECONDS, REPLAY_STEP_SECONDS } from './incident-scenario';

/**
 * The `cluster` label of every replayed series, as a cluster's Prometheus (its external
 * label) or a global view puts it on every series. The preview selects it in each
 * dashboard's `cluster` variable, so a recording rule that dropped the label would leave
 * its panels empty.
 */
export const REPLAY_CLUSTER = 'preview';

/** One service in one environment, as the replay needs it: plain data read from the spec and dist/. */
export interface ReplayTarget {
  /** Service name: the scrape job, Deployment, HPA and container name. */
  readonly service: string;
  /** Namespace of the environment. */
  readonly namespace: string;
  /** Every metric of the service's catalog. */
  readonly metrics: readonly MetricDefinition[];
  /** Which catalog entries carry the HTTP, database and cache signals. */
  readonly signals: ServiceSignals;
  /** Port the metrics are scraped on (the `instance` label). */
  readonly metricsPort: number;
  /** HPA bounds; the replay runs `minReplicas` pods. */
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Container requests and limits: CPU in cores, memory in bytes. */
  readonly cpuRequestCores: number;
  readonly cpuLimitCores: number;
  readonly memoryRequestBytes: number;
  readonly memoryLimitBytes: number;
  /** ExternalSecrets of the service; ESO reports each Ready throughout the replay. @default none */
  readonly externalSecrets?: readonly string[];
  /** Labels of each probe series of the service's public host (its Probe's); the host answers throughout. @default none */
  readonly probes?: readonly Readonly<Record<string, string>>[];
  /** cert-manager Certificates of the service (one per public host); Ready throughout. @default none */
  readonly certificates?: readonly string[];
}

/** A series with one value per replay step; undefined where the series was not scraped. */
export interface ReplaySeries {
  /** Sample name as stored, e.g. `x_bucket`, `x_total`. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly values: readonly (number | undefined)[];
}

/** A metric family as OpenMetrics groups it: the metric name without `_total`, its type and help. */
export interface ReplayFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly series: ReplaySeries[];
}

/** Number of samples per series: both ends of the replay included. */
export const REPLAY_STEPS = REPLAY_DURATION_SECONDS / REPLAY_STEP_SECONDS + 1;

/** Offsets (seconds after the anchor) of every replay step. */
export function replayOffsets(): number[] {
  return Array.from({ length: REPLAY_STEPS }, (_, step) => step * REPLAY_STEP_SECONDS);
}

/** Kubernetes-style pod names (`<deployment>-<template hash>-<suffix>`), stable per service. */
export function podNames(service: string, count: number): string[] {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const letters = (seed: string, length: number) => {
    const digest = createHash('sha256').update(seed).digest();
    return Array.from({ length }, (_, i) => alphabet[digest[i] % alphabet.length]).join('');
  };
  const templateHash = letters(`${service}/template`, 10);
  return Array.from({ length: count }, (_, i) => `${service}-${templateHash}-${letters(`${service}/pod/${i}`, 5)}`);
}

/** A small deterministic generator (mulberry32) seeded from a series key: same key, same noise. */
export function seededNoise(key: string): () => number {
  let state = createHash('sha256').update(key).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Family name for OpenMetrics: counters are declared without their `_total` suffix. */
export function familyName(metric: Pick<MetricDefinition, 'name' | 'type'>): string {
  return metric.type === 'counter' ? metric.name.replace(/_total$/, '') : metric.name;
}
