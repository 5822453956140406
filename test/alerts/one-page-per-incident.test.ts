import { ALERTS } from '../../alerts/registry';
import { production } from '../../environments/production';
import { renderForEnvironment } from '../../lib/monitoring/alerting-rules';
import { serviceRuleGroups } from '../../lib/monitoring/service-rules';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { resolved } from '../support/deployments';
import { testFiringAlerts } from '../support/paging';
import { serviceInputs } from '../support/service-inputs';

/**
 * One incident, one page: cause-level thresholds are warnings, so a burst of errors
 * pages once, through the availability SLO's fast burn (and Alertmanager mutes the
 * HttpErrorRateHigh warning of the same signal while it fires).
 */
describe('a 2 % error burst on reconciliation-backend in production', () => {
  const BURST_START = 30;
  const BURST_MINUTES = 80;
  const end = BURST_START + BURST_MINUTES;

  it('pages with exactly one alert name over its 80 minutes, and warns of the error rate first', () => {
    const deployment = resolved(reconciliationBackend, production);
    const groups = renderForEnvironment(serviceRuleGroups(deployment, ALERTS), production, deployment.service.name);
    const inputs = serviceInputs(deployment, {
      minutes: end,
      intervalSeconds: 15,
      pods: [0, 1, 2].map(() => () => 'serving'),
      errorRatio: (minute) => (minute >= BURST_START && minute < end ? 0.02 : 0.0005),
    });
    const since = (minute: number) => `${minute - BURST_START}m`;
    const result = testFiringAlerts(groups, inputs, [
      // 10 minutes in, no burn condition holds yet (1h: 14.4, 6h: 6): only the cause-level warning.
      { evalTime: `${BURST_START + 10}m`, severity: 'critical', lookback: since(BURST_START + 10), alerts: [] },
      { evalTime: `${BURST_START + 10}m`, severity: 'warning', alerts: ['ReconciliationBackendHttpErrorRateHigh'] },
      ...[60, 90, end].map((minute) => ({
        evalTime: `${minute}m`, severity: 'critical' as const, lookback: since(minute),
        alerts: ['ReconciliationBackendAvailabilityErrorBudgetFastBurn'],
      })),
    ], 15);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});
