import { Chart } from 'cdk8s';
import { production } from '../../environments/production';
import { EdgeProbe, EdgeProbeProps } from '../../lib/monitoring/edge-probe';
import type { EnvironmentSpec } from '../../lib/specs/environment-spec';
import { describeSpecError } from '../../lib/validation/errors';
import { validateAgainstSchemas, VALIDATED_KINDS } from '../../lib/validation/schema-validation';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { findObject, synthServiceChart, testApp } from '../support/charts';
import { deployedServices, expectBothKinds, planOf, resolved, synthesizedPlanCharts } from '../support/deployments';
import { thrownSpecError } from '../support/errors';

/* eslint-disable @typescript-eslint/no-explicit-any -- reading synthesized manifests */

const VALID: EdgeProbeProps = {
  name: 'example',
  namespace: 'shop',
  service: 'example',
  target: 'https://api.example.com/health',
  prober: { address: 'prometheus-blackbox-exporter.monitoring.svc:9115', module: 'http_2xx' },
  monitoringSelector: { release: 'kube-prometheus-stack' },
};

function synthProbe(overrides: Partial<EdgeProbeProps> = {}): any {
  const chart = new Chart(testApp(), 'test');
  new EdgeProbe(chart, 'Probe', { ...VALID, ...overrides });
  return chart.toJson()[0];
}

describe('the Probe of a public host', () => {
  const objects = synthServiceChart(reconciliationBackend, production);
  const probe = findObject(objects, 'Probe', 'reconciliation-backend') as any;

  it('asks the blackbox exporter to request the readiness path over HTTPS at the public host', () => {
    expect(probe.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(probe.metadata.namespace).toBe('reconciliation-platform');
    expect(probe.spec).toEqual({
      interval: '30s',
      module: 'http_2xx',
      prober: { url: 'prometheus-blackbox-exporter.monitoring.svc:9115', scheme: 'http', path: '/probe' },
      targets: {
        staticConfig: {
          static: ['https://api.reconciliation-platform.example.com/health/readiness'],
          labels: { namespace: 'reconciliation-platform', service: 'reconciliation-backend' },
        },
      },
    });
  });

  it('carries the monitoring selector, so kube-prometheus-stack picks it up, and the service\'s labels', () => {
    expect(probe.metadata.labels).toMatchObject({ 'release': 'kube-prometheus-stack', 'app.kubernetes.io/name': 'reconciliation-backend', 'environment': 'production' });
  });

  it('sits in the service\'s chart right after its route, certificate and grant', () => {
    const kinds = objects.map((object) => object.kind);
    expect(kinds.indexOf('Probe')).toBe(kinds.lastIndexOf('ReferenceGrant') + 1);
  });

  it('exists once for every public host of every environment, and never for a service without one', () => {
    for (const deployment of deployedServices()) {
      const host = deployment.workload.publicRoute?.host;
      expect(deployment.edge?.target).toBe(host === undefined ? undefined : `https://${host}${deployment.workload.health.readiness}`);
    }
    const charts = synthesizedPlanCharts().filter((chart) => chart.outline !== undefined);
    for (const { plan, objects: shipped, outline } of charts) {
      const probes = shipped.filter((object) => object.kind === 'Probe').length;
      expect({ chart: plan.file, probes }).toEqual({ chart: plan.file, probes: outline!.deployment.workload.publicRoute === undefined ? 0 : 1 });
    }
    expectBothKinds(charts.map(({ outline }) => outline!.deployment.workload.publicRoute !== undefined));
  });

  it('is validated against the Probe schema, not refused as an unknown kind', async () => {
    expect(VALIDATED_KINDS).toContain('monitoring.coreos.com/v1/Probe');
    expect(await validateAgainstSchemas('chart', objects)).toEqual([]);
    const broken = { ...probe, spec: { ...probe.spec, prober: { ...probe.spec.prober, scheme: 'ftp' }, interval: 'every minute' } };
    const problems = await validateAgainstSchemas('chart', [broken]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^chart: Probe\/reconciliation-backend: /);
    expect(problems[0]).toContain('/spec/prober/scheme');
    expect(problems[0]).not.toContain('no schema known');
  });

  it.each([
    [{ target: 'http://api.example.com/health' }, 'target', 'must be an https URL with a path'],
    [{ prober: { address: 'blackbox:9115', module: 'http_2xx' } }, 'prober.address', 'must be <service>.<namespace>.svc:<port>'],
    [{ prober: { address: 'bb.monitoring.svc:9115', module: 'http 2xx' } }, 'prober.module', 'must be a module name'],
    [{ monitoringSelector: {} }, 'monitoringSelector', 'must name at least one label'],
  ] as const)('refuses %j', (overrides, field, rule) => {
    const error = thrownSpecError(() => synthProbe(overrides as Partial<EdgeProbeProps>));
    expect(error.field).toBe(field);
    expect(error.rule).toContain(rule);
  });
});

describe('the environment\'s blackbox exporter', () => {
  const withExporter = (blackboxExporter: EnvironmentSpec['blackboxExporter']): EnvironmentSpec => ({ ...production, blackboxExporter });

  it('defaults to the prometheus-community chart\'s Service in the monitoring namespace, module http_2xx', () => {
    expect(resolved(reconciliationBackend, production).edge?.prober).toEqual({
      address: 'prometheus-blackbox-exporter.monitoring.svc:9115', module: 'http_2xx',
      serviceName: 'prometheus-blackbox-exporter', namespace: 'monitoring', port: 9115,
    });
  });

  it('takes another Service and module from the environment spec', () => {
    const prober = resolved(reconciliationBackend, withExporter({ address: 'blackbox.observability.svc.cluster.local:19115', module: 'https_2xx_ipv4' })).edge?.prober;
    expect(prober).toEqual({
      address: 'blackbox.observability.svc.cluster.local:19115', module: 'https_2xx_ipv4',
      serviceName: 'blackbox', namespace: 'observability', port: 19115,
    });
  });

  it.each([
    [{ address: 'https://blackbox.example.com' }, 'environments.production.blackboxExporter.address', '"https://blackbox.example.com" must be the exporter\'s Service as <service>.<namespace>.svc:<port>'],
    [{ address: 'blackbox.monitoring.svc:99999' }, 'environments.production.blackboxExporter.address', '"blackbox.monitoring.svc:99999" must end in a port number in 1–65535'],
    [{ module: 'http 2xx' }, 'environments.production.blackboxExporter.module', '"http 2xx" must be a module name'],
  ])('refuses %j, naming the field, service, environment, value and rule', (exporter, field, rule) => {
    const error = thrownSpecError(() => planOf([withExporter(exporter)], [reconciliationBackend]));
    expect(describeSpecError(error)).toContain(`${field} (reconciliation-backend, production): ${rule}`);
  });

  it('refuses an unknown field with a suggestion', () => {
    const error = thrownSpecError(() => planOf([withExporter({ adress: 'x' } as never)], [reconciliationBackend]));
    expect(error.field).toBe('environments.production.blackboxExporter.adress');
    expect(error.rule).toContain('did you mean "address"');
  });

  it('refuses a public host whose route does not match the readiness path the probe requests', () => {
    const error = thrownSpecError(() => planOf([production], [{ ...reconciliationBackend, publicPaths: ['/api/v1'] }]));
    expect(describeSpecError(error)).toContain('services.reconciliation-backend.publicPaths (reconciliation-backend, production): '
      + '["/api/v1"] must route services.reconciliation-backend.health.readiness ("/health/readiness")');
  });
});
