import { validateAgainstSchemas } from '../../lib/validation/schema-validation';
import type { KubernetesObject } from '../../lib/validation/schema-validation';
import { checkPublicIngress } from '../../lib/workload/public-ingress';
import { synthHttpService } from '../support/charts';

/* eslint-disable @typescript-eslint/no-explicit-any -- reading synthesized manifests */
const ingress = { host: 'api.example.com', clusterIssuer: 'letsencrypt-production' };
const ingresses = (objects: KubernetesObject[]) => objects.filter((object) => object.kind === 'Ingress') as any[];

/** Every (path, Ingress) pair nginx would route for `host`. */
function routes(objects: KubernetesObject[], host: string) {
  return ingresses(objects).flatMap((object) => object.spec.rules
    .filter((rule: any) => rule.host === host)
    .flatMap((rule: any) => rule.http.paths.map((path: any) => ({ path: path.path, ingress: object }))));
}

/** The Ingress whose path nginx picks for `uri`: the longest matching Prefix, as ingress-nginx renders them. */
function routeFor(objects: KubernetesObject[], host: string, uri: string) {
  const matching = routes(objects, host).filter(({ path }) => path === '/' || uri === path || uri.startsWith(`${path.replace(/\/$/, '')}/`));
  return matching.sort((a, b) => b.path.length - a.path.length)[0]?.ingress;
}

describe('a service with a public host', () => {
  const objects = synthHttpService({ ingress: { ...ingress, paths: ['/api'] }, metricsPath: '/api/metrics' });
  const [main, blocked] = ingresses(objects);

  it('is served on its host over TLS by ingress-nginx, with a certificate from the cluster issuer', () => {
    expect(main.metadata.name).toBe('example');
    expect(main.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-production' });
    expect(main.spec.ingressClassName).toBe('nginx');
    expect(main.spec.tls).toEqual([{ hosts: ['api.example.com'], secretName: 'example-tls' }]);
    expect(main.spec.rules).toEqual([{
      host: 'api.example.com',
      http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'example', port: { name: 'http' } } } }] },
    }]);
  });

  it('routes API paths to the pod but never the metrics path it serves on the same port', () => {
    expect(routeFor(objects, 'api.example.com', '/api/reconciliations')).toBe(main);
    for (const uri of ['/api/metrics', '/api/metrics/', '/api/metrics/extra']) {
      const route = routeFor(objects, 'api.example.com', uri);
      expect(route).toBe(blocked);
      expect(route.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/denylist-source-range': '0.0.0.0/0,::/0' });
    }
    expect(blocked.metadata.name).toBe('example-blocked');
    expect(blocked.spec.ingressClassName).toBe('nginx');
    expect(blocked.spec.tls).toEqual(main.spec.tls);
  });

  it('blocks the /metrics path served on the HTTP port', () => {
    const paths = routes(synthHttpService({ ingress }), 'api.example.com').map((route) => route.path);
    expect(paths).toEqual(['/', '/metrics']);
  });

  it('needs no block when metrics have a port of their own', () => {
    expect(ingresses(synthHttpService({ ingress, metricsPort: 9090 }))).toHaveLength(1);
  });

  it('has no Ingress without a public host', () => {
    expect(ingresses(synthHttpService())).toHaveLength(0);
  });

  it('passes the Kubernetes schema', async () => {
    expect(await validateAgainstSchemas('test', objects)).toEqual([]);
  });
});

describe('checkPublicIngress refuses bad input with field, value and rule', () => {
  const check = (overrides: object) => () => checkPublicIngress({ ...ingress, ...overrides });

  it.each([
    ['a host that is not a DNS name', { host: 'API.example.com' }, 'ingress.host ("API.example.com") must be a DNS-1123 subdomain'],
    ['a host that is not fully qualified', { host: 'api' }, 'ingress.host ("api") must be a fully qualified name'],
    ['a bad TLS secret name', { tlsSecretName: 'tls_secret' }, 'ingress.tlsSecretName ("tls_secret") must be a DNS-1123 subdomain'],
    ['a bad issuer name', { clusterIssuer: 'Lets Encrypt' }, 'ingress.clusterIssuer ("Lets Encrypt") must be a DNS-1123 subdomain'],
    ['a relative path', { paths: ['api'] }, 'ingress.paths[0] ("api") must be an absolute path'],
    ['no paths', { paths: [] }, 'ingress.paths ([]) must list at least one path'],
    ['a duplicate path', { paths: ['/api', '/api'] }, 'ingress.paths[1] ("/api") duplicates ingress.paths[0]'],
    ['a public path under a blocked one', { paths: ['/api', '/api/metrics/x'], blockedPaths: ['/api/metrics'] },
      'ingress.paths[1] ("/api/metrics/x") must not lie under the blocked path "/api/metrics"'],
  ])('refuses %s', (_case, overrides, message) => {
    expect(check(overrides)).toThrow(message);
  });
});
