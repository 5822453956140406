import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** A service the pods connect to, e.g. `{ name: 'database', port: 5432, cidr: '10.20.0.0/16' }`. */
export interface EgressDependency {
  /** What the peer is, for the reader and error messages; a DNS-1123 label. */
  readonly name: string;
  readonly port: number;
  /** @default "TCP" */
  readonly protocol?: 'TCP' | 'UDP';
  /** An IPv4 block outside the cluster (a managed database, a cache). Give this or `podLabels`. */
  readonly cidr?: string;
  /** Pods inside the cluster, by label. Give this or `cidr`. */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Namespace of the `podLabels` pods. @default the service's own namespace */
  readonly namespace?: string;
}

/** Where the pods may connect to; everything else is refused. Checked where the specs are resolved (lib/plan/spec-checks.ts). */
export interface EgressProps {
  /** The service's own dependencies. @default none */
  readonly dependencies?: readonly EgressDependency[];
  /** Allow HTTPS (TCP 443) to any IPv4 address outside `httpsExcept`. @default true */
  readonly allowHttps?: boolean;
  /**
   * Blocks HTTPS may not reach. Add PRIVATE_IPV4_RANGES to keep the pods off the cluster
   * and VPC too (only if they reach no AWS service through a VPC endpoint).
   * @default EGRESS_DEFAULTS.httpsExcept (169.254.0.0/16: the node's instance metadata
   * service at 169.254.169.254, which would hand out the node's IAM role, and every other link-local address)
   */
  readonly httpsExcept?: readonly string[];
  /** Namespace of the cluster DNS. @default "kube-system" */
  readonly dnsNamespace?: string;
  /** Labels of the cluster DNS pods. @default { "k8s-app": "kube-dns" } (CoreDNS on EKS keeps this label) */
  readonly dnsPodLabels?: Readonly<Record<string, string>>;
}

export const LINK_LOCAL_IPV4 = '169.254.0.0/16';
/** RFC 1918 ranges: the VPC, the cluster's pod and service ranges on most setups. */
export const PRIVATE_IPV4_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

export const EGRESS_DEFAULTS = {
  httpsPort: 443,
  httpsExcept: [LINK_LOCAL_IPV4],
  dnsPort: 53,
  dnsNamespace: 'kube-system',
  dnsPodLabels: { 'k8s-app': 'kube-dns' },
} as const;

export interface NetworkIsolationProps {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly httpPort: number;
  readonly metricsPort: number;
  /** Namespace of the Gateway whose proxies carry the public traffic. */
  readonly gatewayNamespace: string;
  /** Namespace of Prometheus. */
  readonly monitoringNamespace: string;
  /** Restrict outgoing connections too. @default outgoing connections are not restricted */
  readonly egress?: EgressProps;
}

/**
 * Default-deny ingress for the service's pods, then exactly two openings: the HTTP
 * port from the Gateway's namespace and the metrics port from the
 * monitoring namespace. With `egress`, default-deny egress too, then DNS, the declared
 * dependencies and HTTPS outside the link-local range. Namespaces are matched on the
 * `kubernetes.io/metadata.name` label the API server sets, so no one has to label them by hand.
 *
 * Written with the `k8s` construct rather than cdk8s-plus' NetworkPolicy so the
 * peers render exactly as reviewed (no generated selector objects).
 */
export class NetworkIsolation extends Construct {
  constructor(scope: Construct, id: string, props: NetworkIsolationProps) {
    super(scope, id);
    const fromNamespace = (namespace: string, port: number) => ({
      from: [{ namespaceSelector: namespaceLabels(namespace) }],
      ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }],
    });
    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: props.name, labels: { ...props.labels } },
      spec: {
        podSelector: { matchLabels: { ...props.podLabels } },
        policyTypes: props.egress ? ['Ingress', 'Egress'] : ['Ingress'],
        ingress: [
          fromNamespace(props.gatewayNamespace, props.httpPort),
          fromNamespace(props.monitoringNamespace, props.metricsPort),
        ],
        egress: props.egress ? egressRules(props.egress) : undefined,
      },
    });
  }
}

const namespaceLabels = (namespace: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': namespace } });
const port = (protocol: string, number: number) => ({ protocol, port: k8s.IntOrString.fromNumber(number) });

function egressRules(egress: EgressProps): k8s.NetworkPolicyEgressRule[] {
  const dns: k8s.NetworkPolicyEgressRule = {
    to: [{
      namespaceSelector: namespaceLabels(egress.dnsNamespace ?? EGRESS_DEFAULTS.dnsNamespace),
      podSelector: { matchLabels: { ...(egress.dnsPodLabels ?? EGRESS_DEFAULTS.dnsPodLabels) } },
    }],
    ports: [port('UDP', EGRESS_DEFAULTS.dnsPort), port('TCP', EGRESS_DEFAULTS.dnsPort)],
  };
  const dependencies = (egress.dependencies ?? []).map((dependency): k8s.NetworkPolicyEgressRule => ({
    to: [dependency.cidr
      ? { ipBlock: { cidr: dependency.cidr } }
      : {
        namespaceSelector: dependency.namespace ? namespaceLabels(dependency.namespace) : undefined,
        podSelector: { matchLabels: { ...dependency.podLabels } },
      }],
    ports: [port(dependency.protocol ?? 'TCP', dependency.port)],
  }));
  const https: k8s.NetworkPolicyEgressRule[] = (egress.allowHttps ?? true)
    ? [{
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [...(egress.httpsExcept ?? EGRESS_DEFAULTS.httpsExcept)] } }],
      ports: [port('TCP', EGRESS_DEFAULTS.httpsPort)],
    }]
    : [];
  return [dns, ...dependencies, ...https];
}
