import { production } from '../../environments/production';
import { buildServiceDashboard } from '../../lib/grafana/service-dashboard';
import { sloRecordedMetrics } from '../../lib/slo/slo-recording-rules';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { DASHBOARDS } from '../../dashboards/registry';
import { sloDashboard } from '../../dashboards/slo';
import { allPanels, allQueries, catalogSeries, lintDashboardSettings, lintPanels, lintQueries } from '../dashboards/dashboard-lint';
import { resolved } from '../support/deployments';
import { SERVICES } from '../../main';

/** Only the series the SLO rules record: the dashboard reads no raw metric. */
const recorded = catalogSeries(sloRecordedMetrics());

describe('SLO dashboard', () => {
  it('is registered, so synth ships it for every service and the dashboard lint covers it', () => {
    expect(DASHBOARDS).toContain(sloDashboard);
  });

  it.each(SERVICES.filter((service) => service.signals.http).map((service) => [service.name, service] as const))(
    'passes the dashboard lint for %s, reading only series the SLO rules record', async (_name, service) => {
      const dashboard = buildServiceDashboard(sloDashboard, resolved(service, production));
      if (!dashboard) throw new Error(`no SLO dashboard for ${service.name}`);
      expect(lintDashboardSettings(dashboard)).toEqual([]);
      expect(lintPanels(dashboard)).toEqual([]);
      expect(await lintQueries(dashboard, recorded)).toEqual([]);
    });

  it('shows budget remaining, SLI over the period, burn rates and SLI over time for each SLO', () => {
    const dashboard = buildServiceDashboard(sloDashboard, resolved(reconciliationBackend, production));
    expect(allPanels(dashboard!).map((panel) => panel.title)).toEqual([
      'Availability: error budget remaining', 'Availability: SLI over the period', 'Availability: burn rate', 'Availability: SLI over time',
      'Latency: error budget remaining', 'Latency: SLI over the period', 'Latency: burn rate', 'Latency: SLI over time',
    ]);
  });

  it('draws the burn rate over each long alert window (1h, 6h, 1d, 3d) against the error budget', () => {
    const queries = allQueries(buildServiceDashboard(sloDashboard, resolved(reconciliationBackend, production))!)
      .filter((query) => query.panel === 'Availability: burn rate');
    const selector = '{cluster=~"$cluster", namespace="$namespace", service="$job", slo="availability"}';
    expect(queries.map((query) => query.expr)).toEqual(['1h', '6h', '1d', '3d'].map(
      (window) => `slo:sli_error:ratio_rate${window}${selector} / slo:error_budget:ratio${selector}`));
  });

  it('gives no SLO dashboard to a service without HTTP request signals', () => {
    expect(buildServiceDashboard(sloDashboard, resolved({ ...reconciliationBackend, signals: {} }, production))).toBeUndefined();
  });
});
