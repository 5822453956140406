import type { RuleGroup } from '../lib/monitoring/rules';
import { matches, seriesSelector } from '../lib/monitoring/promql';
import { AlertContext, counterBase, percent, runbookUrl, serviceRate, serviceScope } from './alert-context';
import { RATE_WINDOW } from './thresholds';

/** Recording rule names of the HTTP signal, shared with dashboards and SLOs. */
export function httpRecordNames(context: AlertContext): { requestRate: string; errorRatio: string } | undefined {
  const http = context.service.signals.http;
  if (!http) return undefined;
  const base = counterBase(http.requests);
  return { requestRate: `job:${base}:rate${RATE_WINDOW}`, errorRatio: `job:${base}:error_ratio_rate${RATE_WINDOW}` };
}

/**
 * The HTTP error rate: 5xx responses (by status label) or counted errors over all
 * requests. Silent below a minimum request rate, where one failure is a large share.
 */
export function httpRuleGroups(context: AlertContext): RuleGroup[] {
  const http = context.service.signals.http;
  const names = httpRecordNames(context);
  if (!http || !names) return [];
  const scope = serviceScope(context);
  const { httpErrorRatioMax, httpMinRequestsPerSecond, httpErrorRatioFor } = context.thresholds;
  const failed = http.statusLabel
    ? seriesSelector(http.requests, [...scope, matches(http.statusLabel, '5..')])
    : seriesSelector(http.errors ?? http.requests, scope);
  const failureKind = http.statusLabel ? 'answered with a 5xx' : 'failed';

  return [{
    name: `${context.job}.http`,
    rules: [
      { record: names.requestRate, expr: serviceRate(seriesSelector(http.requests, scope)) },
      {
        record: names.errorRatio,
        // `> 0` drops the series when there is no traffic instead of dividing by zero.
        expr: `${serviceRate(failed)}\n/\n(${serviceRate(seriesSelector(http.requests, scope))} > 0)`,
      },
      {
        alert: `${context.alertPrefix}HttpErrorRateHigh`,
        expr: [
          `${seriesSelector(names.errorRatio, scope)} > ${httpErrorRatioMax}`,
          'and on (namespace, job)',
          `${seriesSelector(names.requestRate, scope)} >= ${httpMinRequestsPerSecond}`,
        ].join('\n'),
        for: httpErrorRatioFor,
        severity: 'critical',
        summary: `${context.service.name} fails more than ${percent(httpErrorRatioMax)} of HTTP requests`,
        description: `{{ $value | humanizePercentage }} of requests to {{ $labels.job }} in {{ $labels.namespace }} ${failureKind} `
          + `over the last ${RATE_WINDOW} (threshold ${percent(httpErrorRatioMax)}).`,
        runbookUrl: runbookUrl('http', 'HttpErrorRateHigh'),
      },
    ],
  }];
}
