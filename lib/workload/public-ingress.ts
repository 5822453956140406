import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { PublicIngressSpec } from '../specs/shapes';
import { check } from '../validation/errors';
import { checkDnsSubdomain, checkUnique } from '../validation/names';


export interface PublicIngressProps extends PublicIngressSpec {
  /** Name of the Ingress and of the Service it routes to. */
  readonly name: string;
  /** Name of the Service port to route to. @default "http" */
  readonly servicePortName?: string;
  /**
   * Path prefixes the internet must never reach, e.g. a metrics path served on the API port.
   * They get an Ingress of their own that ingress-nginx answers with 403 itself. @default none
   */
  readonly blockedPaths?: readonly string[];
  /** @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

export const PUBLIC_INGRESS_DEFAULTS = {
  ingressClassName: 'nginx',
  paths: ['/'],
  servicePortName: 'http',
  tlsSecretSuffix: '-tls',
  blockedSuffix: '-blocked',
} as const;

/**
 * Refuses every client on the blocked paths. A location-level annotation, so it applies
 * only to the paths of the Ingress carrying it; unlike snippet annotations (off by default
 * since ingress-nginx 1.9) it is allowed at the default annotation risk level.
 */
export const DENY_ALL_ANNOTATION = { 'nginx.ingress.kubernetes.io/denylist-source-range': '0.0.0.0/0,::/0' } as const;

/**
 * A service's HTTPS entry point on ingress-nginx, with a certificate from cert-manager.
 *
 * Blocked paths are routed by a second Ingress for the same host whose only paths are
 * those, carrying DENY_ALL_ANNOTATION. ingress-nginx merges both into one server, and
 * nginx picks the longest matching prefix, so `/api/metrics` wins over `/api` and is
 * answered 403 by nginx; the request never reaches the pod. The other ways were worse:
 * a snippet (`location = /api/metrics { return 404; }`) needs `allow-snippet-annotations`,
 * off by default and a known privilege-escalation path; a separate Service port does
 * not help when the process serves metrics on the API port itself.
 */
export class PublicIngress extends Construct {
  public readonly ingress: k8s.KubeIngress;
  public readonly blockedPathsIngress?: k8s.KubeIngress;

  constructor(scope: Construct, id: string, props: PublicIngressProps) {
    super(scope, id);
    const ingressClassName = props.ingressClassName ?? PUBLIC_INGRESS_DEFAULTS.ingressClassName;
    const rule = (paths: readonly string[]): k8s.IngressRule => ({
      host: props.host,
      http: {
        paths: paths.map((path) => ({
          path,
          pathType: 'Prefix',
          backend: { service: { name: props.name, port: { name: props.servicePortName ?? PUBLIC_INGRESS_DEFAULTS.servicePortName } } },
        })),
      },
    });
    const tls = [{ hosts: [props.host], secretName: ingressTlsSecretName(props.name, props) }];
    this.ingress = new k8s.KubeIngress(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: { ...props.labels },
        annotations: { 'cert-manager.io/cluster-issuer': props.clusterIssuer },
      },
      spec: {
        ingressClassName,
        tls,
        rules: [rule(props.paths ?? PUBLIC_INGRESS_DEFAULTS.paths)],
      },
    });
    if (props.blockedPaths?.length) {
      this.blockedPathsIngress = new k8s.KubeIngress(this, 'BlockedPaths', {
        metadata: { name: `${props.name}${PUBLIC_INGRESS_DEFAULTS.blockedSuffix}`, labels: { ...props.labels }, annotations: { ...DENY_ALL_ANNOTATION } },
        // Same certificate: whichever Ingress ingress-nginx reads first, the host serves it.
        spec: { ingressClassName, tls, rules: [rule(props.blockedPaths)] },
      });
    }
  }
}

/** The Secret cert-manager writes the host's certificate to; ingress-shim names the Certificate after it too. */
export function ingressTlsSecretName(name: string, spec: Pick<PublicIngressSpec, 'tlsSecretName'>): string {
  return spec.tlsSecretName ?? `${name}${PUBLIC_INGRESS_DEFAULTS.tlsSecretSuffix}`;
}

/** Whether a request for `path` is routed by one of the Ingress's Prefix `paths`. */
export function routesPath(paths: readonly string[], path: string): boolean {
  return paths.some((prefix) => isUnder(path, prefix));
}

/**
 * Checks a public ingress as the environment spec gives it (fields `ingress.*`), with the
 * paths that must stay blocked; run where the specs are resolved.
 */
export function checkPublicIngress(props: PublicIngressSpec & Pick<PublicIngressProps, 'blockedPaths'>): void {
  checkDnsSubdomain('ingress.host', props.host);
  check(props.host.includes('.'), 'ingress.host', props.host, 'must be a fully qualified name such as "api.example.com"');
  if (props.tlsSecretName !== undefined) checkDnsSubdomain('ingress.tlsSecretName', props.tlsSecretName);
  checkDnsSubdomain('ingress.clusterIssuer', props.clusterIssuer);
  if (props.ingressClassName !== undefined) checkDnsSubdomain('ingress.ingressClassName', props.ingressClassName);
  const paths = props.paths ?? PUBLIC_INGRESS_DEFAULTS.paths;
  const blocked = props.blockedPaths ?? [];
  check(paths.length > 0, 'ingress.paths', paths, 'must list at least one path');
  for (const [field, list] of [['ingress.paths', paths], ['ingress.blockedPaths', blocked]] as const) {
    list.forEach((path, index) => check(/^\/[^\s{}|\\^`;]*$/.test(path), `${field}[${index}]`, path,
      'must be an absolute path starting with "/" without spaces or nginx-special characters'));
    checkUnique(field, list);
  }
  paths.forEach((path, index) => {
    const covered = blocked.find((blockedPath) => isUnder(path, blockedPath));
    check(covered === undefined, `ingress.paths[${index}]`, path, `must not lie under the blocked path ${JSON.stringify(covered)}: it would be routed to the pod`);
  });
}

/** Whether Prefix `path` matches inside Prefix `prefix` (element-wise, as Ingress Prefix paths match). */
function isUnder(path: string, prefix: string): boolean {
  const trimmed = prefix.replace(/\/+$/, '');
  return path === trimmed || path.startsWith(`${trimmed}/`) || trimmed === '';
}
