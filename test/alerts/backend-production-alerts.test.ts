import { ALERTS } from '../../alerts/registry';
import { production } from '../../environments/production';
import { histogramSeries } from '../../lib/monitoring/metric-catalog';
import { renderForEnvironment } from '../../lib/monitoring/alerting-rules';
import { serviceRuleGroups } from '../../lib/charts/service-chart';
import { reconciliationBackend, reconciliationBackendMetrics as metrics } from '../../services/reconciliation-backend';
import { resolved } from '../support/deployments';
import { AlertCase, InputSeries, seriesName, testRules } from '../support/rule-tests';

/**
 * The backend's operations alerts as production runs them, checked with absolute
 * numbers and the annotation text an on-call engineer reads. Nothing here is derived
 * from thresholds.ts or from the rule templates: the scenario tests next to each
 * building block move with the code, these do not, so a changed threshold, `for` or
 * wording fails here until someone rewrites the expectation on purpose.
 *
 * Inputs are sampled every 15 s. A rate-based condition holds from the second sample
 * (15 s), so at `for` it has held 15 s too little and one minute later it fires; a
 * gauge condition holds from the first sample (0 s).
 */

const NAMESPACE = 'reconciliation-platform';
const JOB = 'reconciliation-backend';
const POD = 'reconciliation-backend-7c9f5d8b6d-x2k9q';
const TARGET = { namespace: NAMESPACE, job: JOB, pod: POD, instance: '10.0.1.17:8080' };
const RUNBOOKS = 'https://github.com/reconciliation-platform/deploy/blob/main/docs/runbooks';
/** 20 minutes of 15 s samples: longer than any `for` plus the 5m rate window. */
const SAMPLES = 80;

/** A counter growing by `perScrape` every 15 s. */
function counter(name: string, labels: Readonly<Record<string, string>>, perScrape: number): InputSeries {
  return { series: seriesName(name, { ...TARGET, ...labels }), values: `0+${perScrape}x${SAMPLES}` };
}

function gauge(name: string, value: number): InputSeries {
  return { series: seriesName(name, TARGET), values: `${value}+0x${SAMPLES}` };
}

/** Runs the cases against the production rules of one group of the backend, e.g. `http`. */
function promtool(concern: string, cases: AlertCase[]) {
  const group = serviceRuleGroups(resolved(reconciliationBackend, production), ALERTS).filter((candidate) => candidate.name === `${JOB}.${concern}`);
  expect(group).toHaveLength(1);
  return testRules(renderForEnvironment(group, production, reconciliationBackend.name), cases);
}

function expectSuccess(result: { status: number; output: string }): void {
  expect(result.output).toContain('SUCCESS');
  expect(result.status).toBe(0);
}

describe('reconciliation-backend alerts in production, in absolute numbers', () => {
  it('warns at 1.2 % of requests answered with a 5xx for 5 minutes; quiet at 0.8 % and before 5 minutes', () => {
    const alert = 'ReconciliationBackendHttpErrorRateHigh';
    // 10 requests/s: 150 per scrape, of which 1.8 (1.2 %) or 1.2 (0.8 %) fail.
    const traffic = (ok: number, failed: number) => [
      counter(metrics.httpRequests.name, { status: '200' }, ok),
      counter(metrics.httpRequests.name, { status: '500' }, failed),
    ];
    const result = promtool('http', [
      {
        alert, evalTime: '6m', inputs: traffic(148.2, 1.8),
        expected: [{
          labels: { namespace: NAMESPACE, job: JOB, service: JOB, signal: 'availability', severity: 'warning', environment: 'production' },
          annotations: {
            summary: 'reconciliation-backend fails more than 1% of HTTP requests',
            description: '1.2% of requests to reconciliation-backend in reconciliation-platform answered with a 5xx '
              + 'over the last 5m (threshold 1%).',
            runbook_url: `${RUNBOOKS}/http.md#httperrorratehigh`,
            response: 'warning',
            why: 'The availability SLO burn-rate alerts page or ticket for user impact; this shows the error ratio early, before the budget says so.',
          },
        }],
      },
      { alert, evalTime: '5m', inputs: traffic(148.2, 1.8), expected: [] },
      { alert, evalTime: '12m', inputs: traffic(148.8, 1.2), expected: [] },
    ]);
    expectSuccess(result);
  });

  it('warns at a database p95 of 210 ms for 10 minutes; quiet at 190 ms and before 10 minutes', () => {
    const alert = 'ReconciliationBackendDbLatencyHigh';
    const series = histogramSeries(metrics.dbQueryDuration);
    /**
     * 1000 queries per scrape (66.7/s), cumulative per bucket. The 950th lies in the
     * 0.1–0.5 s bucket, which holds 40: 11 into it is 0.1 + 0.4 × 11/40 = 0.21 s,
     * 9 into it is 0.19 s.
     */
    const queries = (upTo100ms: number) => [
      ...Object.entries({ '0.001': 0, '0.005': 0, '0.01': 0, '0.05': 500, '0.1': upTo100ms, '0.5': upTo100ms + 40, '1': 1000, '2': 1000, '+Inf': 1000 })
        .map(([le, cumulative]) => counter(series.bucket, { le }, cumulative)),
      counter(series.count, {}, 1000),
    ];
    const result = promtool('database', [
      {
        alert, evalTime: '11m', inputs: queries(939),
        expected: [{
          labels: { namespace: NAMESPACE, job: JOB, service: JOB, signal: 'database', severity: 'warning', environment: 'production' },
          annotations: {
            summary: 'reconciliation-backend database queries are slow (p95 above 200 ms)',
            description: 'The 95th percentile of database query latency of reconciliation-backend in reconciliation-platform '
              + 'is 210ms (threshold 200ms).',
            runbook_url: `${RUNBOOKS}/database.md#dblatencyhigh`,
            response: 'warning',
            why: 'A cause, not user impact: the latency SLO pages if requests get slow enough to hurt.',
          },
        }],
      },
      { alert, evalTime: '10m', inputs: queries(939), expected: [] },
      { alert, evalTime: '15m', inputs: queries(941), expected: [] },
    ]);
    expectSuccess(result);
  });

  it('warns when a pod has 86 of its 100 pool connections in use for 10 minutes; quiet at 84 and before 10 minutes', () => {
    const alert = 'ReconciliationBackendDbPoolUtilizationHigh';
    const pool = (active: number) => [
      gauge(metrics.dbPoolActive.name, active),
      gauge(metrics.dbPoolIdle.name, 100 - active),
      gauge(metrics.dbPoolTotal.name, 100),
    ];
    const result = promtool('database', [
      {
        alert, evalTime: '10m', inputs: pool(86),
        expected: [{
          labels: { namespace: NAMESPACE, job: JOB, pod: POD, service: JOB, signal: 'database', severity: 'warning', environment: 'production' },
          annotations: {
            summary: 'reconciliation-backend uses more than 85% of its database connection pool',
            description: 'Pod reconciliation-backend-7c9f5d8b6d-x2k9q of reconciliation-backend in reconciliation-platform '
              + 'has 86% of its database connections in use (threshold 85%).',
            runbook_url: `${RUNBOOKS}/database.md#dbpoolutilizationhigh`,
            response: 'warning',
            why: 'A nearly full pool is a capacity risk, not an outage: requests still succeed until it is exhausted.',
          },
        }],
      },
      { alert, evalTime: '9m45s', inputs: pool(86), expected: [] },
      { alert, evalTime: '15m', inputs: pool(84), expected: [] },
    ]);
    expectSuccess(result);
  });

  it('warns at a cache hit rate of 59 % for 15 minutes; quiet at 61 % and before 15 minutes', () => {
    const alert = 'ReconciliationBackendCacheHitRateLow';
    // 10 lookups/s: 150 per scrape, of which 88.5 (59 %) or 91.5 (61 %) are hits.
    const lookups = (hits: number) => [
      counter(metrics.cacheHits.name, { key_type: 'session' }, hits),
      counter(metrics.cacheMisses.name, { key_type: 'session' }, 150 - hits),
    ];
    const result = promtool('cache', [
      {
        alert, evalTime: '16m', inputs: lookups(88.5),
        expected: [{
          labels: { namespace: NAMESPACE, job: JOB, service: JOB, signal: 'cache', severity: 'warning', environment: 'production' },
          annotations: {
            summary: 'reconciliation-backend cache hit rate is below 60%',
            description: 'Only 59% of cache lookups of reconciliation-backend in reconciliation-platform were hits over the last 5m '
              + '(threshold 60%).',
            runbook_url: `${RUNBOOKS}/cache.md#cachehitratelow`,
            response: 'warning',
            why: 'A cold or failing cache costs latency and database load; the SLOs page if users feel it.',
          },
        }],
      },
      { alert, evalTime: '15m', inputs: lookups(88.5), expected: [] },
      { alert, evalTime: '19m', inputs: lookups(91.5), expected: [] },
    ]);
    expectSuccess(result);
  });
});
