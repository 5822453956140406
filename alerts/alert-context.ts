import type { MetricDefinition } from '../lib/monitoring/metric-catalog';
import { eq, onCluster, seriesSelector, sumRate, withCluster } from '../lib/monitoring/promql';
import { EXPORTED_NAMESPACE_LABEL } from '../lib/secrets/external-secrets-metrics';
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

/** Per-second rate over RATE_WINDOW of a service's series, summed per cluster, namespace and job (and `by`). */
export function serviceRate(vectorSelector: string, by: readonly string[] = []): string {
  return sumRate(withCluster(['namespace', 'job', ...by]), vectorSelector, RATE_WINDOW);
}

/** A counter's name without `_total`, as recording rule names use it (`job:http_requests:rate5m`). */
export function counterBase(metric: MetricDefinition): string {
  return metric.name.replace(/_total$/, '');
}

/** `0.01` → `1%`, for descriptions that state their threshold. */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(4))}%`;
}

/**
 * `metric{matchers} <comparison>` for a controller's objects in `namespace` (ESO's,
 * cert-manager's), whether the controller's ServiceMonitor honors labels or not (see
 * external-secrets-metrics.ts). The first branch copies `exported_namespace` into
 * `namespace`, so in both setups the alert's `namespace` is the object's and
 * descriptions, routing and the runbook read the same.
 * The second branch requires `exported_namespace` to be absent: otherwise a controller
 * running in `namespace` itself would match there with objects of other namespaces.
 */
export function inObjectNamespace(metric: MetricDefinition, namespace: string, matchers: readonly string[], comparison: string): string {
  const renamed = seriesSelector(metric, [eq(EXPORTED_NAMESPACE_LABEL, namespace), ...matchers]);
  const honored = seriesSelector(metric, [eq('namespace', namespace), eq(EXPORTED_NAMESPACE_LABEL, ''), ...matchers]);
  return [
    `label_replace(${renamed}, "namespace", "$1", "${EXPORTED_NAMESPACE_LABEL}", "(.+)") ${comparison}`,
    'or',
    `${honored} ${comparison}`,
  ].join('\n');
}

/**
 * `absent(...)` of a controller's series about objects in `namespace`, in both label setups
 * (see inObjectNamespace); the first branch gives the alert its `namespace`. absent() says
 * nothing about clusters: evaluated in a cluster's Prometheus it means "absent here", in a
 * global ruler "absent from every cluster" (docs/runbooks/alerting.md). Its result carries no
 * `cluster`, so `on (cluster)` joins the two absences exactly as `on ()` would.
 */
export function absentInObjectNamespace(metric: MetricDefinition, namespace: string, matchers: readonly string[]): string {
  return [
    `absent(${seriesSelector(metric, [eq('namespace', namespace), eq(EXPORTED_NAMESPACE_LABEL, ''), ...matchers])})`,
    `and ${onCluster()}`,
    `absent(${seriesSelector(metric, [eq(EXPORTED_NAMESPACE_LABEL, namespace), ...matchers])})`,
  ].join('\n');
}
