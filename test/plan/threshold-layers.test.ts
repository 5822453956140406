import { DEFAULT_ALERT_THRESHOLDS } from '../../alerts/thresholds';
import { production } from '../../environments/production';
import type { EnvironmentSpec } from '../../lib/specs/environment-spec';
import type { ServiceSpec } from '../../lib/specs/service-spec';
import { describeSpecError } from '../../lib/validation/errors';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { resolved } from '../support/deployments';
import { thrownSpecError } from '../support/errors';

/**
 * A deployment's thresholds come from the last of: the alert registry's defaults, the
 * environment's `alertThresholds`, the service spec's `alertThresholds`, the
 * environment's entry for the service. A service's own tuning beats an environment-wide
 * figure; only an entry naming the service beats the service.
 */
const BACKEND = reconciliationBackend.name;
const environment = (wide?: object, entry?: object): EnvironmentSpec => ({
  ...production,
  ...(wide ? { alertThresholds: wide } : {}),
  services: { ...production.services, [BACKEND]: { ...production.services[BACKEND], ...(entry ? { alertThresholds: entry } : {}) } },
});
const service = (own?: object): ServiceSpec => ({ ...reconciliationBackend, ...(own ? { alertThresholds: own } : {}) });
const latency = (spec: ServiceSpec, env: EnvironmentSpec) => resolved(spec, env).thresholds.dbLatencyP95Seconds;

describe('alert thresholds: defaults → environment → service spec → the environment\'s entry for the service', () => {
  it('keeps the default where no layer sets one', () => {
    expect(latency(service(), environment())).toBe(DEFAULT_ALERT_THRESHOLDS.dbLatencyP95Seconds);
  });

  it('applies an environment-wide figure to every service without its own', () => {
    expect(latency(service(), environment({ dbLatencyP95Seconds: 0.5 }))).toBe(0.5);
  });

  it('lets a service\'s own figure beat the environment-wide one', () => {
    expect(latency(service({ dbLatencyP95Seconds: 0.3 }), environment({ dbLatencyP95Seconds: 0.5 }))).toBe(0.3);
  });

  it('lets the environment\'s entry for the service beat the service\'s own figure', () => {
    expect(latency(service({ dbLatencyP95Seconds: 0.3 }), environment({ dbLatencyP95Seconds: 0.5 }, { dbLatencyP95Seconds: 1 }))).toBe(1);
  });

  it('blames the layer that set a bad figure', () => {
    const line = (spec: ServiceSpec, env: EnvironmentSpec) => describeSpecError(thrownSpecError(() => resolved(spec, env)));
    expect(line(service(), environment({ httpErrorRatioMax: 5 })))
      .toContain('environments.production.alertThresholds.httpErrorRatioMax: 5 is a ratio and must be below 1');
    expect(line(service({ httpErrorRatioMax: 5 }), environment({ httpErrorRatioMax: 0.02 })))
      .toContain(`services.${BACKEND}.alertThresholds.httpErrorRatioMax: 5 is a ratio`);
    expect(line(service(), environment(undefined, { dbLatencyFor: '0m' })))
      .toContain(`environments.production.services.${BACKEND}.alertThresholds.dbLatencyFor: "0m" must be a non-zero Prometheus duration`);
  });
});
