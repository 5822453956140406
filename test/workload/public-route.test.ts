import { validateAgainstSchemas } from '../../lib/validation/schema-validation';
import type { KubernetesObject } from '../../lib/validation/schema-validation';
import { HTTP_SERVICE_DEFAULTS } from '../../lib/workload/http-service';
import { checkPublicRoute, matchesPath, reachesMetricsPath, type ResolvedPublicRoute } from '../../lib/workload/public-route';
import { synthHttpService } from '../support/charts';
import { synthesizedMainPlan } from '../support/deployments';

/* eslint-disable @typescript-eslint/no-explicit-any -- reading synthesized manifests */
const route: ResolvedPublicRoute = {
  host: 'api.example.com',
  clusterIssuer: 'letsencrypt-production',
  tlsSecretName: 'example-tls',
  paths: ['/api/v1', '/health'],
  gateway: { name: 'public-production', namespace: 'gateway-system' },
  listener: 'https-example',
};
const ofKind = (objects: readonly KubernetesObject[], kind: string) => objects.filter((object) => object.kind === kind) as any[];

describe('a service with a public host', () => {
  const objects = synthHttpService({ publicRoute: route, metricsPath: '/api/metrics' });
  const [httpRoute] = ofKind(objects, 'HTTPRoute');

  it('is routed on its host by its own HTTPS listener of the environment\'s Gateway, to the Service\'s HTTP port', () => {
    expect(httpRoute.metadata.name).toBe('example');
    expect(httpRoute.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public-production', namespace: 'gateway-system', sectionName: 'https-example' }],
      hostnames: ['api.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/api/v1' } }, { path: { type: 'PathPrefix', value: '/health' } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'example', port: HTTP_SERVICE_DEFAULTS.servicePort }],
      }],
    });
  });

  it('gets a certificate for the host from the cluster issuer, which only the Gateway\'s namespace may read', () => {
    expect(ofKind(objects, 'Certificate')).toEqual([expect.objectContaining({
      metadata: expect.objectContaining({ name: 'example-tls' }),
      spec: { secretName: 'example-tls', dnsNames: ['api.example.com'], issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt-production' } },
    })]);
    expect(ofKind(objects, 'ReferenceGrant')).toEqual([expect.objectContaining({
      metadata: expect.objectContaining({ name: 'example-gateway-tls' }),
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'gateway-system' }],
        to: [{ group: '', kind: 'Secret', name: 'example-tls' }],
      },
    })]);
  });

  it('admits the Gateway\'s namespace, not ingress-nginx, to the HTTP port', () => {
    const [policy] = ofKind(synthHttpService({ publicRoute: route, gatewayNamespace: 'edge' }), 'NetworkPolicy');
    expect(policy.spec.ingress[0]).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
  });

  it('has no route, certificate or grant without a public host', () => {
    const objects = synthHttpService();
    for (const kind of ['HTTPRoute', 'Certificate', 'ReferenceGrant', 'Ingress']) expect(ofKind(objects, kind)).toEqual([]);
  });

  it('passes the Gateway API and cert-manager schemas', async () => {
    expect(await validateAgainstSchemas('test', objects)).toEqual([]);
  });
});

describe('Gateway API path matching, segment by segment', () => {
  it.each([
    ['PathPrefix', '/api', '/api', true],
    ['PathPrefix', '/api', '/api/', true],
    ['PathPrefix', '/api', '/api/metrics', true],
    ['PathPrefix', '/api/', '/api', true],
    ['PathPrefix', '/api', '/apis', false],
    ['PathPrefix', '/api/v1', '/api/metrics', false],
    ['PathPrefix', '/', '/metrics', true],
    ['Exact', '/api/metrics', '/api/metrics', true],
    ['Exact', '/api/metrics', '/api/metrics/', false],
  ] as const)('%s %s matches %s: %s', (type, value, path, expected) => {
    expect(matchesPath({ type, value }, path)).toBe(expected);
  });

  it.each([
    ['PathPrefix', '/', true],
    ['PathPrefix', '/api', true],
    ['PathPrefix', '/api/metrics/x', true],
    ['Exact', '/api/metrics/', true],
    ['PathPrefix', '/api/v1', false],
    ['PathPrefix', '/api/metricsx', false],
    ['Exact', '/api', false],
  ] as const)('%s %s can reach /api/metrics: %s', (type, value, expected) => {
    expect(reachesMetricsPath({ type, value }, '/api/metrics')).toBe(expected);
  });
});

describe('checkPublicRoute refuses bad input with field, value and rule', () => {
  const check = (overrides: Partial<ResolvedPublicRoute>, metricsPath?: string) => () => checkPublicRoute({ ...route, ...overrides }, metricsPath);

  it.each([
    ['a host that is not a DNS name', { host: 'API.example.com' }, 'publicRoute.host ("API.example.com") must be a DNS-1123 subdomain'],
    ['a host that is not fully qualified', { host: 'api' }, 'publicRoute.host ("api") must be a fully qualified name'],
    ['a bad TLS secret name', { tlsSecretName: 'tls_secret' }, 'publicRoute.tlsSecretName ("tls_secret") must be a DNS-1123 subdomain'],
    ['a bad issuer name', { clusterIssuer: 'Lets Encrypt' }, 'publicRoute.clusterIssuer ("Lets Encrypt") must be a DNS-1123 subdomain'],
    ['a bad listener name', { listener: 'HTTPS' }, 'publicRoute.listener ("HTTPS") must be a DNS-1123 subdomain'],
    ['a relative path', { paths: ['api'] }, 'publicPaths[0] ("api") must be an absolute path'],
    ['a dot segment', { paths: ['/api/../metrics'] }, 'publicPaths[0] ("/api/../metrics") must be an absolute path'],
    ['no paths', { paths: [] }, 'publicPaths ([]) must list at least one path prefix'],
    ['a duplicate path', { paths: ['/api', '/api'] }, 'publicPaths[1] ("/api") duplicates publicPaths[0]'],
  ])('refuses %s', (_case, overrides, message) => {
    expect(check(overrides)).toThrow(message);
  });

  it.each([
    ['/', '/metrics'], ['/api', '/api/metrics'], ['/api/', '/api/metrics'], ['/api/metrics/v2', '/api/metrics'],
  ])('refuses the public prefix %s when the metrics path %s shares the HTTP port', (path, metricsPath) => {
    expect(check({ paths: ['/health', path] }, metricsPath)).toThrow(`publicPaths[1] (${JSON.stringify(path)}) must not match the metrics path "${metricsPath}"`);
  });

  it('lets "/" through when the metrics have a port of their own', () => {
    expect(check({ paths: ['/'] }, undefined)).not.toThrow();
  });
});

/**
 * The proof that no metrics path is reachable from the public edge: over the routes synth
 * generates for every public deployment main.ts plans, no match can send a request for the
 * metrics path to a pod, and every backend is the service's HTTP port, never its metrics port.
 */
describe('the public edge of every deployment', () => {
  const charts = synthesizedMainPlan().filter((chart) => chart.plan.deployment);
  const publicCharts = charts.filter((chart) => chart.plan.deployment!.workload.publicRoute);

  it('covers every public deployment of the plan, and only those have routes', () => {
    expect(publicCharts.length).toBeGreaterThan(0);
    for (const chart of charts) {
      expect({ file: chart.plan.file, routes: ofKind(chart.objects, 'HTTPRoute').length })
        .toEqual({ file: chart.plan.file, routes: chart.plan.deployment!.workload.publicRoute ? 1 : 0 });
      expect({ file: chart.plan.file, ingresses: ofKind(chart.objects, 'Ingress') }).toEqual({ file: chart.plan.file, ingresses: [] });
    }
  });

  describe.each(publicCharts.map((chart) => [chart.plan.file, chart] as const))('%s', (_file, chart) => {
    const { workload, service } = chart.plan.deployment!;
    const [httpRoute] = ofKind(chart.objects, 'HTTPRoute');
    const servicePorts = ofKind(chart.objects, 'Service').find((object) => object.metadata.name === service.name).spec.ports;
    const httpPort = servicePorts.find((port: any) => port.name === 'http');
    const metricsPort = servicePorts.find((port: any) => port.name === 'metrics');

    it(`has no match that can reach the metrics path ${workload.metricsPath}`, () => {
      const matches = httpRoute.spec.rules.flatMap((rule: any) => rule.matches ?? [{ path: { type: 'PathPrefix', value: '/' } }]);
      expect(matches.length).toBeGreaterThan(0);
      for (const { path = { type: 'PathPrefix', value: '/' } } of matches) {
        expect(['PathPrefix', 'Exact']).toContain(path.type);
        expect({ match: path, reachesMetrics: reachesMetricsPath(path, workload.metricsPath) }).toEqual({ match: path, reachesMetrics: false });
      }
    });

    it('sends traffic only to the Service\'s HTTP port, never to its metrics port', () => {
      const backends = httpRoute.spec.rules.flatMap((rule: any) => rule.backendRefs);
      expect(backends.length).toBeGreaterThan(0);
      for (const backend of backends) {
        expect(backend).toMatchObject({ kind: 'Service', name: service.name, port: httpPort.port });
        if (workload.metricsPort !== workload.httpPort) expect(backend.port).not.toBe(metricsPort.port);
      }
      expect(httpPort.targetPort).toBe(workload.httpPort);
    });

    it('attaches only to the environment\'s Gateway, on the host\'s listener', () => {
      expect(httpRoute.spec.parentRefs).toEqual([expect.objectContaining({
        kind: 'Gateway', name: workload.publicRoute!.gateway.name, namespace: workload.publicRoute!.gateway.namespace, sectionName: workload.publicRoute!.listener,
      })]);
      expect(httpRoute.spec.hostnames).toEqual([workload.publicRoute!.host]);
    });
  });
});
