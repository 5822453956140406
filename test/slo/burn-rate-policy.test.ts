import type { SloOverrides } from '../../lib/specs/shapes';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { production } from '../../environments/production';
import { sloDashboard } from '../../dashboards/slo';
import { buildServiceDashboard } from '../../lib/grafana/service-dashboard';
import type { AlertRule } from '../../lib/monitoring/rule-groups';
import { sloRuleGroups } from '../../lib/slo/slo-alert-rules';
import {
  burnRateOf, DEFAULT_MINIMUM_REQUESTS, serviceSlos, SRE_WORKBOOK_BURN_RATE_POLICY,
} from '../../lib/slo/slo-model';
import type { EnvironmentSpec } from '../../lib/specs/environment-spec';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { allPanels } from '../dashboards/dashboard-lint';
import { resolved } from '../support/deployments';
import { thrownSpecError } from '../support/errors';

const policy = SRE_WORKBOOK_BURN_RATE_POLICY;
const factors = (period: string) => policy.tiers.map((tier) => [tier.name, tier.conditions.map((condition) => burnRateOf(condition, period))] as const);

function withEnvironmentSlos(slos: SloOverrides): EnvironmentSpec {
  return { ...production, services: { ...production.services, [reconciliationBackend.name]: { imageTag: '1.0.0', slos } } };
}


describe('burn rates derived from the SLO period (share of budget × period / long window)', () => {
  it('gives the workbook factors 14.4, 6, 3 and 1 for a 30-day SLO, exactly (no floating-point tail)', () => {
    expect(factors('30d')).toEqual([['ErrorBudgetFastBurn', [14.4, 6]], ['ErrorBudgetSlowBurn', [3, 1]]]);
    expect(factors('30d').flatMap(([, rates]) => rates).map(String)).toEqual(['14.4', '6', '3', '1']);
  });

  it('gives a 7-day SLO its own factors: 3.36 and 1.4 page; the tickets are raised to the sustainable 1 (0.7 and 0.23 would fire on an SLO that holds)', () => {
    expect(factors('7d')).toEqual([['ErrorBudgetFastBurn', [3.36, 1.4]], ['ErrorBudgetSlowBurn', [1, 1]]]);
  });

  it('scales up for a longer period: 90 days page at 43.2 and 18', () => {
    expect(factors('90d')).toEqual([['ErrorBudgetFastBurn', [43.2, 18]], ['ErrorBudgetSlowBurn', [9, 3]]]);
  });

  it('writes a 7-day SLO\'s factors into its alert expressions and descriptions', () => {
    const deployment = resolved(reconciliationBackend, withEnvironmentSlos({ availability: { period: '7d' } }));
    const alerts = sloRuleGroups(deployment)[2].rules as AlertRule[];
    const page = alerts.find((rule) => rule.alert === 'ReconciliationBackendAvailabilityErrorBudgetFastBurn')!;
    expect(page.expr).toMatch(/ratio_rate1h\{[^}]*\} \/ 0\.001 > 3\.36 and .*ratio_rate6h\{[^}]*\} \/ 0\.001 > 1\.4 and /);
    expect(page.description).toContain('Conditions: burn > 3.36 over 1h and 5m, or burn > 1.4 over 6h and 30m');
    const latencyPage = alerts.find((rule) => rule.alert === 'ReconciliationBackendLatencyErrorBudgetFastBurn')!;
    expect(latencyPage.expr).toContain('/ 0.01 > 14.4 and');
  });

  it('draws the dashboard\'s burn-rate thresholds at the lowest ticket and page rates of each SLO\'s period', () => {
    const deployment = resolved(reconciliationBackend, withEnvironmentSlos({ availability: { period: '7d' } }));
    const panels = allPanels(buildServiceDashboard(sloDashboard, deployment)!);
    const steps = (title: string) => (panels.find((panel) => panel.title === title) as Panel).fieldConfig?.defaults.thresholds?.steps
      .map((step) => [step.value, step.color]);
    expect(steps('Availability: burn rate')).toEqual([[null, 'green'], [1, 'yellow'], [1.4, 'red']]);
    expect(steps('Latency: burn rate')).toEqual([[null, 'green'], [1, 'yellow'], [6, 'red']]);
  });
});

describe('SLO periods checked against the policy', () => {
  it('accepts a 7-day period, which holds the 3-day window', () => {
    expect(serviceSlos(reconciliationBackend, withEnvironmentSlos({ availability: { period: '7d' } }))[0].period).toBe('7d');
  });

  it('refuses a 1-day period: shorter than the 3-day window', () => {
    expect(thrownSpecError(() => serviceSlos(reconciliationBackend, withEnvironmentSlos({ latency: { period: '1d' } }))).message).toBe(
      'environments.production.services.reconciliation-backend.slos.latency.period ("1d") must be at least the longest burn rate window (5m, 30m, 1h, 2h, 6h, 1d, 3d)');
  });

  it('refuses a 4-day period: 5 % of its budget in 6 h is a burn rate under 1, which would page while the budget lasts', () => {
    expect(thrownSpecError(() => serviceSlos(reconciliationBackend, withEnvironmentSlos({ latency: { period: '4d' } }))).message).toBe(
      'environments.production.services.reconciliation-backend.slos.latency.period ("4d") is too short for ErrorBudgetFastBurn: '
      + '5 % of its budget in 6h is a burn rate of 0.8, which would page while the budget lasts the period (the share must be more than 6h / period)');
  });

  it('refuses a period so long that the page could not fire at the objective, naming the period', () => {
    // 90 days: the 1h page needs a burn rate of 43.2, i.e. 108 % errors against a 97.5 % objective.
    const environment = withEnvironmentSlos({ availability: { period: '90d' } });
    const error = thrownSpecError(() => serviceSlos({ ...reconciliationBackend, slos: { availability: { objectivePercent: 97.5 } } }, environment));
    expect(error.field).toBe('services.reconciliation-backend.slos.availability.objectivePercent');
    expect(error.rule).toContain('ErrorBudgetFastBurn (burn rate 43.2 over 90d) would need 108 % errors at 97.5 %');
    const byPeriod = thrownSpecError(() => serviceSlos(reconciliationBackend, withEnvironmentSlos({ latency: { period: '270d' } })));
    expect(byPeriod.field).toBe('environments.production.services.reconciliation-backend.slos.latency.period');
    expect(byPeriod.rule).toContain('(burn rate 129.6 over 270d) would need 130 % errors at 99 %');
  });
});

describe('minimum requests before an SLO may page', () => {
  it(`defaults to ${DEFAULT_MINIMUM_REQUESTS} and may be set per SLO in an environment`, () => {
    expect(serviceSlos(reconciliationBackend, production).map((slo) => slo.minimumRequests)).toEqual([DEFAULT_MINIMUM_REQUESTS, DEFAULT_MINIMUM_REQUESTS]);
    const [availability, latency] = serviceSlos(reconciliationBackend, withEnvironmentSlos({ availability: { minimumRequests: 20 } }));
    expect([availability.minimumRequests, latency.minimumRequests]).toEqual([20, DEFAULT_MINIMUM_REQUESTS]);
    const page = (sloRuleGroups(resolved(reconciliationBackend, withEnvironmentSlos({ availability: { minimumRequests: 20 } })))[2].rules as AlertRule[])[0];
    expect(page.expr).toContain('[1h])) >= 20)');
  });

  it.each([0, 2.5, -10])('refuses %p: it must be a whole number of requests, at least 1', (minimumRequests) => {
    expect(thrownSpecError(() => serviceSlos(reconciliationBackend, withEnvironmentSlos({ latency: { minimumRequests } }))).message).toBe(
      `environments.production.services.reconciliation-backend.slos.latency.minimumRequests (${minimumRequests}) must be a whole number of requests, at least 1`);
  });
});
