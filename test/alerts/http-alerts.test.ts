import type { ResolvedDeployment } from '../../lib/plan/resolved-deployment';
import { httpRecordNames, httpRuleGroups } from '../../alerts/http-alerts';
import { alertThresholds, RATE_WINDOW } from '../../alerts/thresholds';
import { AlertScenario, describeAlertScenarios, inOtherNamespace, input, minutes, targetLabels } from '../support/alert-scenarios';
import type { InputSeries } from '../support/rule-tests';
import { counterValues } from '../support/rule-tests';

/** Requests at `perSecond`, a share `errorRatio` of them failing (5xx, or counted as errors). */
function traffic(context: ResolvedDeployment, perSecond: number, errorRatio: number, length: number, failingStatus = '500'): InputSeries[] {
  const http = context.service.signals.http;
  if (!http) throw new Error(`${context.service.name} has no HTTP signal`);
  const labels = targetLabels(context);
  if (http.statusLabel) {
    return [
      input(http.requests.name, { ...labels, [http.statusLabel]: '200' }, counterValues(perSecond * (1 - errorRatio), length)),
      input(http.requests.name, { ...labels, [http.statusLabel]: failingStatus }, counterValues(perSecond * errorRatio, length)),
    ];
  }
  if (!http.errors) throw new Error(`${context.service.name} counts HTTP errors neither by status nor separately`);
  return [
    input(http.requests.name, labels, counterValues(perSecond, length)),
    input(http.errors.name, labels, counterValues(perSecond * errorRatio, length)),
  ];
}

function scenarios(context: ResolvedDeployment): AlertScenario[] {
  const { httpErrorRatioMax: max, httpMinRequestsPerSecond: minRate, httpErrorRatioFor } = alertThresholds(context);
  const evalMinutes = minutes(httpErrorRatioFor) + minutes(RATE_WINDOW) + 2;
  const length = evalMinutes + 1;
  const evalTime = `${evalMinutes}m`;
  const busy = minRate * 2;
  const firingInputs = traffic(context, busy, max * 1.2, length);
  const quiet = [
    { inputs: traffic(context, busy, max * 0.8, length), evalTime },
    // Too little traffic for the ratio to mean anything: 5× the threshold, but below the minimum rate.
    { inputs: traffic(context, minRate * 0.5, max * 5, length), evalTime },
    // Above the threshold, but not yet for the `for` duration.
    { inputs: firingInputs, evalTime: `${minutes(httpErrorRatioFor) - 1}m` },
    { inputs: inOtherNamespace(firingInputs, context.namespace), evalTime },
  ];
  if (context.service.signals.http?.statusLabel) {
    // Client errors are the callers' problem, not the service's.
    quiet.push({ inputs: traffic(context, busy, max * 5, length, '404'), evalTime });
  }
  return [{
    alert: 'HttpErrorRateHigh',
    title: 'fires at 1.2× the error-ratio threshold; quiet at 0.8×, under the minimum request rate, before `for`, on 4xx and in other namespaces',
    firing: [{ inputs: firingInputs, evalTime, labels: { namespace: context.namespace, job: context.job }, value: max * 1.2 }],
    quiet,
    brokenThreshold: { httpErrorRatioMax: max * 1.5 },
  }];
}

describeAlertScenarios('HTTP', httpRuleGroups, scenarios, (deployment) => deployment.service.signals.http !== undefined);

describe('HTTP recording rules', () => {
  it('are named level:metric:operations after the requests counter, without _total', () => {
    const names = httpRecordNames({
      service: { signals: { http: { requests: { name: 'api_requests_total' } } } },
    } as unknown as ResolvedDeployment);
    expect(names).toEqual({ requestRate: 'job:api_requests:rate5m', errorRatio: 'job:api_requests:error_ratio_rate5m' });
  });

  it('gives a service without an HTTP signal no HTTP rules', () => {
    const context = { service: { name: 'batch', signals: {} } } as unknown as ResolvedDeployment;
    expect(httpRecordNames(context)).toBeUndefined();
    expect(httpRuleGroups(context)).toEqual([]);
  });
});
