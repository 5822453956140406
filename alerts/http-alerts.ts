import type { RuleGroup } from '../lib/monitoring/rule-groups';
import { matches, onCluster, SERVER_ERROR_STATUS_PATTERN, seriesSelector } from '../lib/monitoring/promql';
import { counterBase, percent, serviceRate, serviceScope } from './alert-context';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';
import { RATE_WINDOW } from './thresholds';

/** Recording rule names of the HTTP signal, shared with dashboards and SLOs. */
export function httpRecordNames(deployment: ResolvedDeployment): { requestRate: string; errorRatio: string } | undefined {
  const http = deployment.service.signals.http;
  if (!http) return undefined;
  const base = counterBase(http.requests);
  return { requestRate: `job:${base}:rate${RATE_WINDOW}`, errorRatio: `job:${base}:error_ratio_rate${RATE_WINDOW}` };
}

/**
 * The HTTP error rate: 5xx responses (by status label) or counted errors over all
 * requests. Silent below a minimum request rate, where one failure is a large share.
 */
export function httpRuleGroups(deployment: ResolvedDeployment): RuleGroup[] {
  const http = deployment.service.signals.http;
  const names = httpRecordNames(deployment);
  if (!http || !names) return [];
  const scope = serviceScope(deployment);
  const { httpErrorRatioMax, httpMinRequestsPerSecond, httpErrorRatioFor } = deployment.thresholds;
  const failed = http.statusLabel
    ? seriesSelector(http.requests, [...scope, matches(http.statusLabel, SERVER_ERROR_STATUS_PATTERN)])
    : seriesSelector(http.errors ?? http.requests, scope);
  const failureKind = http.statusLabel ? 'answered with a 5xx' : 'failed';

  return [{
    name: `${deployment.job}.http`,
    rules: [
      { record: names.requestRate, expr: serviceRate(seriesSelector(http.requests, scope)) },
      {
        record: names.errorRatio,
        // `> 0` drops the series when there is no traffic instead of dividing by zero.
        expr: `${serviceRate(failed)}\n/\n(${serviceRate(seriesSelector(http.requests, scope))} > 0)`,
      },
      {
        alert: `${deployment.alertPrefix}HttpErrorRateHigh`,
        expr: [
          `${seriesSelector(names.errorRatio, scope)} > ${httpErrorRatioMax}`,
          `and ${onCluster('namespace', 'job')}`,
          `${seriesSelector(names.requestRate, scope)} >= ${httpMinRequestsPerSecond}`,
        ].join('\n'),
        for: httpErrorRatioFor,
        // A cause-level threshold: the availability SLO's fast burn pages for the same errors
        // (and Alertmanager mutes this warning while it does), so one incident pages once.
        severity: 'warning',
        response: 'warning',
        why: 'The availability SLO burn-rate alerts page or ticket for user impact; this shows the error ratio early, before the budget says so.',
        signal: 'availability',
        dashboardPanel: { dashboard: 'api', panel: ['Error ratio by route', 'Error ratio'] },
        summary: `${deployment.service.name} fails more than ${percent(httpErrorRatioMax)} of HTTP requests`,
        description: `{{ $value | humanizePercentage }} of requests to {{ $labels.job }} in {{ $labels.namespace }} ${failureKind} `
          + `over the last ${RATE_WINDOW} (threshold ${percent(httpErrorRatioMax)}).`,
      },
    ],
  }];
}
