import { Construct } from 'constructs';
import { Certificate } from '../../imports/certificate-cert-manager.io';
import { HttpRoute, HttpRouteSpecRulesMatchesPathType } from '../../imports/httproute-gateway.networking.k8s.io';
import { ReferenceGrant } from '../../imports/referencegrant-gateway.networking.k8s.io';
import type { GatewayRefSpec } from '../specs/environment-spec';
import { check } from '../validation/errors';
import { checkDnsLabel, checkDnsSubdomain, checkUnique } from '../validation/names';

/** The environment's shared Gateway where its spec names none, and a public host's defaults. */
export const GATEWAY_DEFAULTS = {
  namespace: 'gateway-system',
  name: (environment: string) => `public-${environment}`,
  listener: (service: string) => `https-${service}`,
  tlsSecretSuffix: '-tls',
  referenceGrantSuffix: '-gateway-tls',
  publicPaths: ['/'],
} as const;

/** The Gateway a route attaches to, every default applied. */
export interface ResolvedGateway {
  readonly name: string;
  readonly namespace: string;
}

/** A public host as the route, certificate, probe, preflight and docs use it: every default applied, checked once. */
export interface ResolvedPublicRoute {
  readonly host: string;
  readonly clusterIssuer: string;
  /** Name of the cert-manager Certificate and of the Secret it writes, in the service's namespace. */
  readonly tlsSecretName: string;
  /** Path prefixes routed to the service (the service spec's `publicPaths`). */
  readonly paths: readonly string[];
  readonly gateway: ResolvedGateway;
  /** The Gateway listener that serves the host: the route's `sectionName`. */
  readonly listener: string;
}

export function resolveGateway(spec: GatewayRefSpec | undefined, environment: string): ResolvedGateway {
  const gateway = { name: spec?.name ?? GATEWAY_DEFAULTS.name(environment), namespace: spec?.namespace ?? GATEWAY_DEFAULTS.namespace };
  checkDnsSubdomain('gateway.name', gateway.name);
  checkDnsLabel('gateway.namespace', gateway.namespace);
  return gateway;
}

export interface PublicRouteProps {
  /** Name of the route, of the Service it sends traffic to and of the service. */
  readonly name: string;
  readonly route: ResolvedPublicRoute;
  /** The Service port the route sends traffic to: the HTTP port, never a metrics port. */
  readonly servicePort: number;
  /** @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A service's public host on the environment's shared Gateway (Gateway API): an
 * HTTPRoute for the host, attached to the host's own HTTPS listener, routing only the
 * service's public path prefixes to its HTTP Service port; a cert-manager Certificate
 * for the host; and a ReferenceGrant that lets the Gateway read that one Secret.
 *
 * Metrics stay off the edge without any controller's annotation: Gateway API has no deny
 * rule, so the route matches only the public prefixes, none of which matches the metrics
 * path (checked at resolve, proven over every deployment in test/workload/public-route.test.ts).
 *
 * TLS is an explicit Certificate in the service's namespace rather than cert-manager's
 * gateway-shim on the Gateway: the Gateway is the platform's, so the shim would issue the
 * certificate in the Gateway's namespace under a name and issuer the platform chooses,
 * and the edge alerts (cert-manager's metrics by Certificate name and namespace) would
 * read an object this app neither names nor owns. Here each host's issuer stays in the
 * spec, the Certificate is applied, pruned and alerted on with the service, and the
 * platform's listener references the Secret through this ReferenceGrant.
 */
export class PublicRoute extends Construct {
  public readonly route: HttpRoute;
  public readonly certificate: Certificate;
  /** Needed only when the Gateway runs in another namespace; harmless otherwise, so always there. */
  public readonly referenceGrant: ReferenceGrant;

  constructor(scope: Construct, id: string, props: PublicRouteProps) {
    super(scope, id);
    const { route, name } = props;
    const labels = { ...props.labels };
    this.route = new HttpRoute(this, 'Resource', {
      metadata: { name, labels },
      spec: {
        parentRefs: [{
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: route.gateway.name,
          namespace: route.gateway.namespace,
          sectionName: route.listener,
        }],
        hostnames: [route.host],
        rules: [{
          matches: route.paths.map((path) => ({ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: path } })),
          backendRefs: [{ group: '', kind: 'Service', name, port: props.servicePort }],
        }],
      },
    });
    this.certificate = new Certificate(this, 'Certificate', {
      metadata: { name: route.tlsSecretName, labels },
      spec: {
        secretName: route.tlsSecretName,
        dnsNames: [route.host],
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: route.clusterIssuer },
      },
    });
    this.referenceGrant = new ReferenceGrant(this, 'ReferenceGrant', {
      metadata: { name: `${name}${GATEWAY_DEFAULTS.referenceGrantSuffix}`, labels },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: route.gateway.namespace }],
        to: [{ group: '', kind: 'Secret', name: route.tlsSecretName }],
      },
    });
  }
}

/**
 * Whether a request for `path` is matched by a Gateway API path match: PathPrefix compares
 * whole segments (`/api` matches `/api` and `/api/x`, not `/apix`; a trailing `/` is
 * ignored), Exact the whole path.
 */
export function matchesPath(match: { readonly type: 'PathPrefix' | 'Exact'; readonly value: string }, path: string): boolean {
  const trim = (value: string) => value.replace(/\/+$/, '');
  if (match.type === 'Exact') return match.value === path;
  const prefix = trim(match.value);
  return prefix === '' || path === prefix || trim(path) === prefix || path.startsWith(`${prefix}/`);
}

/**
 * Whether a path match could send a request for the metrics handler at `metricsPath` to
 * the pod: the metrics path itself, with a trailing slash, or anything under it (servers
 * differ in which of these they serve metrics on), or a match that lies under the metrics path.
 */
export function reachesMetricsPath(match: { readonly type: 'PathPrefix' | 'Exact'; readonly value: string }, metricsPath: string): boolean {
  const metrics = metricsPath.replace(/\/+$/, '');
  const candidates = [metrics, `${metrics}/`, `${metrics}/x`];
  return candidates.some((path) => matchesPath(match, path))
    || matchesPath({ type: 'PathPrefix', value: metrics }, match.value);
}

/**
 * Checks a public route as the specs give it, with the paths it routes and, when the
 * metrics share the HTTP port, the metrics path none of them may match. Errors name
 * `publicRoute.*` and `publicPaths` as the caller prefixes them.
 */
export function checkPublicRoute(route: ResolvedPublicRoute, metricsPathOnHttpPort: string | undefined): void {
  checkDnsSubdomain('publicRoute.host', route.host);
  check(route.host.includes('.'), 'publicRoute.host', route.host, 'must be a fully qualified name such as "api.example.com"');
  check(!route.host.startsWith('*'), 'publicRoute.host', route.host, 'must be one host, not a wildcard');
  checkDnsSubdomain('publicRoute.tlsSecretName', route.tlsSecretName);
  checkDnsSubdomain('publicRoute.clusterIssuer', route.clusterIssuer);
  // A listener name is a Gateway API SectionName: a DNS-1123 subdomain of at most 253 characters.
  checkDnsSubdomain('publicRoute.listener', route.listener);
  check(route.paths.length > 0, 'publicPaths', route.paths, 'must list at least one path prefix');
  route.paths.forEach((path, index) => check(/^\/[A-Za-z0-9._~!$&'()*+,;=:@/%-]*$/.test(path) && !/(^|\/)\.{1,2}(\/|$)/.test(path) && !path.includes('//'),
    `publicPaths[${index}]`, path, 'must be an absolute path starting with "/", without spaces, "//", "." or ".." segments, a query or a fragment'));
  checkUnique('publicPaths', route.paths);
  if (metricsPathOnHttpPort === undefined) return;
  route.paths.forEach((path, index) => check(!reachesMetricsPath({ type: 'PathPrefix', value: path }, metricsPathOnHttpPort), `publicPaths[${index}]`, path,
    `must not match the metrics path ${JSON.stringify(metricsPathOnHttpPort)}, which is served on the HTTP port: Gateway API has no deny rule, `
    + 'so list the public prefixes beside it (e.g. "/api/v1" next to "/api/metrics"), or serve the metrics on a separate metricsPort'));
}
