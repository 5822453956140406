import { eq, increase, matches, rate, seriesSelector, sumBy, sumRate } from '../../lib/monitoring/promql';
import { reconciliationBackendMetrics as metrics } from '../../services/reconciliation-backend';

describe('PromQL building blocks', () => {
  it('quote and escape matcher values, so a quote or backslash in a value cannot end the string', () => {
    expect(eq('job', 'api')).toBe('job="api"');
    expect(eq('route', 'say "hi"\\')).toBe('route="say \\"hi\\"\\\\"');
    expect(matches('status', '5..')).toBe('status=~"5.."');
  });

  it('build a selector from a catalog entry or from a derived series name, matchers in the given order', () => {
    expect(seriesSelector(metrics.httpRequests, ['namespace="ns"', 'job="api"']))
      .toBe('reconciliation_http_requests_total{namespace="ns", job="api"}');
    expect(seriesSelector('job:reconciliation_http_requests:rate5m', ['job="api"'])).toBe('job:reconciliation_http_requests:rate5m{job="api"}');
    expect(seriesSelector('up', [])).toBe('up{}');
  });

  it('wrap a selector in rate() or increase() over the range the caller chooses', () => {
    expect(rate('x_total{job="a"}', '5m')).toBe('rate(x_total{job="a"}[5m])');
    expect(increase('x_total{job="a"}', '$__rate_interval')).toBe('increase(x_total{job="a"}[$__rate_interval])');
  });

  it('sum by the given labels in their order, or over everything without labels', () => {
    expect(sumBy(['namespace', 'job', 'le'], 'x')).toBe('sum by (namespace, job, le) (x)');
    expect(sumBy([], 'x')).toBe('sum(x)');
    expect(sumRate(['namespace', 'job'], 'x_total{job="a"}', '5m')).toBe('sum by (namespace, job) (rate(x_total{job="a"}[5m]))');
  });
});
