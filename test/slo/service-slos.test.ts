import { production } from '../../environments/production';
import { serviceSlos, DEFAULT_LATENCY_THRESHOLD_SECONDS, DEFAULT_SLO_OBJECTIVES, DEFAULT_SLO_PERIOD, SRE_WORKBOOK_BURN_RATE_POLICY } from '../../lib/slo/slo-model';
import { errorBudgetRatio, objectiveRatio } from '../../lib/slo/slo-model';
import type { SloOverrides } from '../../lib/specs/shapes';
import type { EnvironmentSpec } from '../../lib/specs/environment-spec';
import type { ServiceSpec } from '../../lib/specs/service-spec';
import { aionMonitoring, aionMonitoringMetrics } from '../../services/aion-monitoring';
import { reconciliationBackend, reconciliationBackendMetrics } from '../../services/reconciliation-backend';
import { thrownSpecError } from '../support/errors';
import { SERVICES } from '../../main';

function withEnvironmentSlos(service: ServiceSpec, slos: SloOverrides): EnvironmentSpec {
  return { ...production, services: { ...production.services, [service.name]: { imageTag: '1.0.0', slos } } };
}


describe('default SLOs', () => {
  it('gives the backend 99.9 % availability (non-5xx by status label) and 99 % of requests under 500 ms, over 30 days', () => {
    expect(serviceSlos(reconciliationBackend)).toEqual([
      {
        name: 'availability',
        description: 'Requests answered without a server error (5xx)',
        objectivePercent: 99.9,
        period: '30d',
        minimumRequests: 100,
        indicator: { kind: 'availability', requests: reconciliationBackendMetrics.httpRequests, failures: { statusLabel: 'status' } },
      },
      {
        name: 'latency',
        description: 'Requests served within 500 ms',
        objectivePercent: 99,
        period: '30d',
        minimumRequests: 100,
        indicator: { kind: 'latency', duration: reconciliationBackendMetrics.httpRequestDuration, thresholdSeconds: 0.5 },
      },
    ]);
    expect([DEFAULT_SLO_OBJECTIVES.availability, DEFAULT_SLO_OBJECTIVES.latency, DEFAULT_SLO_PERIOD, DEFAULT_LATENCY_THRESHOLD_SECONDS])
      .toEqual([99.9, 99, '30d', 0.5]);
  });

  it('measures availability from the errors counter for a service without a status label (aion-monitoring)', () => {
    const [availability] = serviceSlos(aionMonitoring);
    expect(availability.indicator).toEqual({
      kind: 'availability', requests: aionMonitoringMetrics.requests, failures: { errors: aionMonitoringMetrics.requestErrors },
    });
    expect(availability.description).toBe('Requests not counted as failed in aion_request_errors_total');
  });

  it('covers every service that exports request metrics', () => {
    for (const service of SERVICES.filter((candidate) => candidate.signals.http)) {
      expect(serviceSlos(service, production).map((slo) => slo.name)).toEqual(['availability', ...(service.signals.http!.duration ? ['latency'] : [])]);
    }
  });

  it('gives no SLO to a service without HTTP signals, and no latency SLO without a duration histogram', () => {
    expect(serviceSlos({ ...reconciliationBackend, signals: {} })).toEqual([]);
    const withoutDuration = { ...reconciliationBackend, signals: { http: { ...reconciliationBackend.signals.http!, duration: undefined } } };
    expect(serviceSlos(withoutDuration).map((slo) => slo.name)).toEqual(['availability']);
  });

  it('rounds ratios so 99.9 % reads 0.999 with a budget of 0.001', () => {
    const [availability, latency] = serviceSlos(reconciliationBackend);
    expect([objectiveRatio(availability), errorBudgetRatio(availability)]).toEqual([0.999, 0.001]);
    expect([objectiveRatio(latency), errorBudgetRatio(latency)]).toEqual([0.99, 0.01]);
  });
});

describe('SLO overrides', () => {
  it('applies the service spec over the defaults and the environment over the service spec, field by field', () => {
    const service: ServiceSpec = { ...reconciliationBackend, slos: { latency: { objectivePercent: 95, thresholdSeconds: 1 }, availability: { period: '28d' } } };
    const environment = withEnvironmentSlos(service, { latency: { thresholdSeconds: 0.25 } });
    const [availability, latency] = serviceSlos(service, environment);
    expect(availability).toMatchObject({ objectivePercent: 99.9, period: '28d' });
    expect(latency).toMatchObject({ objectivePercent: 95, period: '30d', description: 'Requests served within 250 ms' });
    expect(latency.indicator).toMatchObject({ thresholdSeconds: 0.25 });
  });

  it('drops an SLO disabled in one environment only', () => {
    const environment = withEnvironmentSlos(reconciliationBackend, { latency: { enabled: false } });
    expect(serviceSlos(reconciliationBackend, environment).map((slo) => slo.name)).toEqual(['availability']);
    expect(serviceSlos(reconciliationBackend, production).map((slo) => slo.name)).toEqual(['availability', 'latency']);
  });
});

describe('SLO validation', () => {
  it.each([0, 100, 100.5, -1, Number.NaN, 89.9, 99.9999])('rejects an objective of %p %%: it must be from 90 to 99.999', (objectivePercent) => {
    const error = thrownSpecError(() => serviceSlos({ ...reconciliationBackend, slos: { availability: { objectivePercent } } }));
    expect(error.field).toBe('services.reconciliation-backend.slos.availability.objectivePercent');
    expect(error.rule).toBe('must be a percentage from 90 to 99.999');
  });

  it.each([0.5, 0.995])('says an objective of %p looks like a ratio written where a percentage belongs', (objectivePercent) => {
    const error = thrownSpecError(() => serviceSlos({ ...reconciliationBackend, slos: { latency: { objectivePercent } } }));
    expect(error.rule).toBe('must be a percentage from 90 to 99.999 (it looks like a ratio: write 99.5 for 99.5 %)');
  });

  it('rejects an objective whose fast-burn alert could never fire: at 90 % a 14.4× burn needs 144 % errors', () => {
    const error = thrownSpecError(() => serviceSlos({ ...reconciliationBackend, slos: { availability: { objectivePercent: 90 } } }, undefined, SRE_WORKBOOK_BURN_RATE_POLICY));
    expect(error.rule).toBe('leaves a budget so large that ErrorBudgetFastBurn (burn rate 14.4 over 30d) would need 144 % errors at 90 % '
      + 'and could never fire; raise the objective or shorten the period');
    expect(serviceSlos({ ...reconciliationBackend, slos: { availability: { objectivePercent: 93.5 } } }, undefined, SRE_WORKBOOK_BURN_RATE_POLICY)[0].objectivePercent).toBe(93.5);
  });

  it('names the environment field when the environment sets the bad value', () => {
    const error = thrownSpecError(() => serviceSlos(reconciliationBackend, withEnvironmentSlos(reconciliationBackend, { latency: { objectivePercent: 100 } })));
    expect(error.field).toBe('environments.production.services.reconciliation-backend.slos.latency.objectivePercent');
  });

  it('rejects a latency threshold that is not a bucket of the duration histogram', () => {
    const error = thrownSpecError(() => serviceSlos({ ...reconciliationBackend, slos: { latency: { thresholdSeconds: 0.3 } } }));
    expect(error.message).toBe('services.reconciliation-backend.slos.latency.thresholdSeconds (0.3) must be a bucket bound of '
      + 'reconciliation_http_request_duration_seconds (buckets: 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)');
  });

  it('accepts every bucket bound as a latency threshold, e.g. 1 s', () => {
    const [, latency] = serviceSlos({ ...reconciliationBackend, slos: { latency: { thresholdSeconds: 1 } } });
    expect(latency.indicator).toMatchObject({ thresholdSeconds: 1 });
  });

  it('rejects a period shorter than the longest burn-rate window (3d) or not a Prometheus duration', () => {
    expect(thrownSpecError(() => serviceSlos({ ...reconciliationBackend, slos: { availability: { period: '1d' } } })).message)
      .toBe('services.reconciliation-backend.slos.availability.period ("1d") must be at least the longest burn rate window (5m, 30m, 1h, 2h, 6h, 1d, 3d)');
    expect(thrownSpecError(() => serviceSlos({ ...reconciliationBackend, slos: { availability: { period: 'thirty days' } } })).field)
      .toBe('services.reconciliation-backend.slos.availability.period');
  });

  it('rejects overrides for an SLO the service cannot measure', () => {
    const noDuration = { ...aionMonitoring, signals: { http: { ...aionMonitoring.signals.http!, duration: undefined } }, slos: { latency: { objectivePercent: 95 } } };
    expect(thrownSpecError(() => serviceSlos(noDuration)).message)
      .toBe('services.aion-monitoring.slos.latency ({"objectivePercent":95}) needs signals.http.duration in the service spec to measure it');
    const noHttp = { ...aionMonitoring, signals: {} };
    expect(thrownSpecError(() => serviceSlos(noHttp, withEnvironmentSlos(noHttp, { availability: { objectivePercent: 99 } }))).field)
      .toBe('environments.production.services.aion-monitoring.slos.availability');
  });

  it('rejects HTTP signals with neither a status label nor an errors counter', () => {
    const service = { ...aionMonitoring, signals: { http: { requests: aionMonitoringMetrics.requests } } };
    expect(thrownSpecError(() => serviceSlos(service)).rule).toBe('must give statusLabel or errors to measure availability');
  });
});
