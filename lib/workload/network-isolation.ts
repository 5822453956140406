import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

export interface NetworkIsolationProps {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly httpPort: number;
  readonly metricsPort: number;
  /** Namespace of the ingress controller. */
  readonly ingressNamespace: string;
  /** Namespace of Prometheus. */
  readonly monitoringNamespace: string;
}

/**
 * Default-deny ingress for the service's pods, then exactly two openings: the HTTP
 * port from the ingress controller's namespace and the metrics port from the
 * monitoring namespace. Namespaces are matched on the `kubernetes.io/metadata.name`
 * label the API server sets, so no one has to label them by hand.
 *
 * Written with the `k8s` construct rather than cdk8s-plus' NetworkPolicy so the
 * peers render exactly as reviewed (no generated selector objects).
 */
export class NetworkIsolation extends Construct {
  constructor(scope: Construct, id: string, props: NetworkIsolationProps) {
    super(scope, id);
    const fromNamespace = (namespace: string, port: number) => ({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } }],
      ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }],
    });
    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: props.name, labels: { ...props.labels } },
      spec: {
        podSelector: { matchLabels: { ...props.podLabels } },
        policyTypes: ['Ingress'],
        ingress: [
          fromNamespace(props.ingressNamespace, props.httpPort),
          fromNamespace(props.monitoringNamespace, props.metricsPort),
        ],
      },
    });
  }
}
