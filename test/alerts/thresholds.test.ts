import type { AlertThresholds } from '../../lib/specs/alert-thresholds';
import { DEFAULT_ALERT_THRESHOLDS, RATE_WINDOW, RATIO_THRESHOLDS, RESTART_WINDOW } from '../../alerts/thresholds';

/**
 * The defaults written out as literals, not derived from the code: changing a figure
 * in thresholds.ts must be a deliberate change here too, checked against its source.
 */
describe('default alert thresholds', () => {
  const operationsFigures: Partial<AlertThresholds> = {
    httpErrorRatioMax: 0.01,
    dbLatencyP95Seconds: 0.2,
    poolUtilizationMax: 0.85,
    cacheHitRatioMin: 0.6,
    // kubernetes-mixin's CPUThrottlingHigh.
    cpuThrottlingRatioMax: 0.25,
  };
  const waits: Partial<AlertThresholds> = {
    httpErrorRatioFor: '5m',
    dbLatencyFor: '10m',
    poolUtilizationFor: '10m',
    cacheHitRatioFor: '15m',
    hpaAtMaxFor: '15m',
    podNotReadyFor: '15m',
    crashLoopingFor: '15m',
    targetDownFor: '10m',
    metricsAbsentFor: '10m',
    secretSyncNotReadyFor: '15m',
    esoMetricsAbsentFor: '30m',
    outageFor: '5m',
    containerWaitingFor: '15m',
    oomKilledFor: '1m',
    cpuThrottlingFor: '15m',
    rolloutStuckFor: '15m',
    replicasUnavailableFor: '15m',
    pdbBlockingDrainsFor: '1h',
    mostlyUnavailableFor: '2m',
  };
  const availability: Partial<AlertThresholds> = {
    mostlyUnavailableWindow: '10m',
    mostlyUnavailableShareMax: 0.5,
  };
  const reminders: Partial<AlertThresholds> = {
    secretRotationLeadDays: 7,
  };
  const edge: Partial<AlertThresholds> = {
    edgeProbeFailingFor: '5m',
    certificateExpiryTicketDays: 14,
    certificateExpiryPageDays: 3,
    certificateExpiryFor: '15m',
    certificateNotReadyFor: '10m',
    probeMetricsAbsentFor: '15m',
    certManagerMetricsAbsentFor: '30m',
  };
  const trafficFloors: Partial<AlertThresholds> = {
    httpMinRequestsPerSecond: 1,
    dbMinQueriesPerSecond: 0.5,
    cacheMinLookupsPerSecond: 1,
  };

  it('are the operations figures: 1 % HTTP errors, DB p95 200 ms, pool 85 % in use, cache hit ratio 60 %, 25 % CPU periods throttled', () => {
    expect(DEFAULT_ALERT_THRESHOLDS).toMatchObject(operationsFigures);
  });

  it('wait 5m on HTTP errors and outages, 10m on DB latency, pool and scrape targets, 15m on cache, pods, HPA, rollouts, unavailable replicas, throttling and secret sync, 30m on missing ESO metrics, 1h on blocked drains', () => {
    expect(DEFAULT_ALERT_THRESHOLDS).toMatchObject(waits);
  });

  it('page when no replica was available more than half of the last 10 minutes, for 2 minutes', () => {
    expect(DEFAULT_ALERT_THRESHOLDS).toMatchObject(availability);
  });

  it('remind 7 days before a secret\'s rotation is due, as the seeds\' inventory says', () => {
    expect(DEFAULT_ALERT_THRESHOLDS).toMatchObject(reminders);
  });

  it('page when the public host fails for 5m or its certificate is not Ready for 10m; ticket 14 days before the certificate expires, page 3 days before', () => {
    expect(DEFAULT_ALERT_THRESHOLDS).toMatchObject(edge);
  });

  it('stay silent under 1 request/s, 0.5 queries/s and 1 cache lookup/s, where a ratio is a handful of events', () => {
    expect(DEFAULT_ALERT_THRESHOLDS).toMatchObject(trafficFloors);
  });

  it('pin every threshold above: a new one needs a deliberate value in this file', () => {
    expect(Object.keys(DEFAULT_ALERT_THRESHOLDS).sort())
      .toEqual(Object.keys({ ...operationsFigures, ...waits, ...availability, ...trafficFloors, ...reminders, ...edge }).sort());
  });

  it('rate over 5 minutes, count restarts over 15, and treat the error, pool, cache and throttling figures as ratios', () => {
    expect(RATE_WINDOW).toBe('5m');
    expect(RESTART_WINDOW).toBe('15m');
    expect([...RATIO_THRESHOLDS].sort())
      .toEqual(['cacheHitRatioMin', 'cpuThrottlingRatioMax', 'httpErrorRatioMax', 'mostlyUnavailableShareMax', 'poolUtilizationMax']);
  });
});
