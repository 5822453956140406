import type { MetricDefinition } from '../lib/monitoring/metric-catalog';
import { eq, sumRate } from '../lib/monitoring/promql';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';
import { RATE_WINDOW } from './thresholds';

/**
 * Small PromQL pieces every alert concern uses. The deployment (lib/plan/) carries the
 * rest: namespace, job, alert prefix and the effective thresholds.
 */

/** The matchers that scope a query to the service: its namespace and job. */
export function serviceScope(deployment: ResolvedDeployment): string[] {
  return [eq('namespace', deployment.namespace), eq('job', deployment.job)];
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
