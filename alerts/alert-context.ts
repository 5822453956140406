import type { MetricDefinition } from '../lib/monitoring/metric-catalog';
import { durationSeconds } from '../lib/monitoring/prometheus-duration';
import { eq, sumRate } from '../lib/monitoring/promql';
import type { ServiceSpec } from '../lib/specs/service-spec';
import { check } from '../lib/validation/errors';
import { AlertThresholds, DEFAULT_ALERT_THRESHOLDS, RATE_WINDOW, RATIO_THRESHOLDS } from './thresholds';

/** Where `runbook_url` annotations point: one Markdown file per concern, one heading per alert. */
export const RUNBOOK_BASE_URL = 'https://github.com/reconciliation-platform/deploy/blob/main/docs/runbooks';

/** What an alert building block needs to know about the service it alerts on. */
export interface AlertContext {
  readonly service: ServiceSpec;
  /** Namespace the service runs in; every selector is scoped to it. */
  readonly namespace: string;
  /** `job` label of the service's scrape targets: the ServiceMonitor's default, the Service name. */
  readonly job: string;
  /** CamelCase prefix of every alert of the service, e.g. `ReconciliationBackend`. */
  readonly alertPrefix: string;
  /** DEFAULT_ALERT_THRESHOLDS with the service's overrides applied. */
  readonly thresholds: AlertThresholds;
}

export function alertContext(service: ServiceSpec, namespace: string): AlertContext {
  const thresholds = { ...DEFAULT_ALERT_THRESHOLDS, ...service.alertThresholds };
  checkThresholds(`services.${service.name}.alertThresholds`, thresholds);
  return { service, namespace, job: service.name, alertPrefix: alertPrefix(service.name), thresholds };
}

/** `reconciliation-backend` → `ReconciliationBackend`. */
export function alertPrefix(serviceName: string): string {
  return serviceName.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((word) => word[0].toUpperCase() + word.slice(1)).join('');
}

function checkThresholds(where: string, thresholds: AlertThresholds): void {
  for (const [key, value] of Object.entries(thresholds) as [keyof AlertThresholds, unknown][]) {
    if (typeof DEFAULT_ALERT_THRESHOLDS[key] === 'string') {
      check(typeof value === 'string' && durationSeconds(`${where}.${key}`, value) > 0, `${where}.${key}`, value,
        'must be a non-zero Prometheus duration: an alert without `for` fires on a single bad evaluation');
      continue;
    }
    check(typeof value === 'number' && Number.isFinite(value) && value > 0, `${where}.${key}`, value, 'must be a number greater than zero');
    if (RATIO_THRESHOLDS.includes(key)) {
      check((value as number) < 1, `${where}.${key}`, value, 'is a ratio and must be below 1 (e.g. 0.85 for 85 %)');
    }
  }
}

/** Full URL of the runbook section of an alert: `<base>/<file>.md#<anchor>`. */
export function runbookUrl(file: string, alertSuffix: string): string {
  return `${RUNBOOK_BASE_URL}/${file}.md#${alertSuffix.toLowerCase()}`;
}

/** The matchers that scope a query to the service: its namespace and job. */
export function serviceScope(context: AlertContext): string[] {
  return [eq('namespace', context.namespace), eq('job', context.job)];
}

/** Per-second rate over RATE_WINDOW of a service's series, summed per namespace and job (and `by`). */
export function serviceRate(vectorSelector: string, by: readonly string[] = []): string {
  return sumRate(['namespace', 'job', ...by], vectorSelector, RATE_WINDOW);
}

/** A counter's name without `_total`, as recording rule names use it (`job:http_requests:rate5m`). */
export function counterBase(metric: MetricDefinition): string {
  return metric.name.replace(/_total$/, '');
}

/** `0.01` → `1%`, for descriptions that state their threshold. */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(4))}%`;
}
