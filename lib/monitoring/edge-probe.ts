import { Construct } from 'constructs';
import { Probe, ProbeSpecProberScheme } from '../../imports/probe-monitoring.coreos.com';
import type { BlackboxExporterSpec } from '../specs/environment-spec';
import { check } from '../validation/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../validation/names';

/**
 * Black-box checks of a service's public host: the blackbox exporter requests
 * `https://<host><readiness path>` from inside the cluster, through DNS, the load
 * balancer, the Gateway and TLS, as a user would. What the in-cluster signals cannot
 * see (an expired certificate, a broken route, a DNS fault) shows here.
 */

/** The blackbox exporter an environment's Probes go through, where `blackboxExporter` in the environment spec sets none. */
export const BLACKBOX_EXPORTER_DEFAULTS = {
  serviceName: 'prometheus-blackbox-exporter',
  port: 9115,
  module: 'http_2xx',
} as const;

/** How often the exporter probes each host: 10 probes within the 5-minute `for` of the endpoint alert. */
export const EDGE_PROBE_INTERVAL = '30s';

/** The exporter with every default applied, and its Service split out for preflight.sh. */
export interface ResolvedBlackboxExporter {
  /** `host:port` the Probes name as their prober. */
  readonly address: string;
  readonly module: string;
  readonly serviceName: string;
  readonly namespace: string;
  readonly port: number;
}

/** The `job` label prometheus-operator gives the series of a Probe (no `jobName` set). */
export function probeJob(namespace: string, probeName: string): string {
  return `probe/${namespace}/${probeName}`;
}

/** A service's public host as its Probe and edge alerts see it. */
export interface ResolvedEdgeProbe {
  /** Name of the Probe: the service's. */
  readonly name: string;
  /** `job` label of the probe series (probeJob). */
  readonly job: string;
  readonly host: string;
  /** URL the exporter requests: `https://<host><readiness path>`. */
  readonly target: string;
  /** cert-manager's Certificate for the host, in the service's namespace (lib/workload/public-route.ts emits it). */
  readonly certificate: string;
  readonly prober: ResolvedBlackboxExporter;
}

const SERVICE_ADDRESS = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?:([0-9]+)$/;
const MODULE_NAME = /^[A-Za-z0-9_-]+$/;

/** Applies the defaults and checks the fields; errors name `blackboxExporter.<field>`. */
export function resolveBlackboxExporter(spec: BlackboxExporterSpec | undefined, monitoringNamespace: string): ResolvedBlackboxExporter {
  const address = spec?.address
    ?? `${BLACKBOX_EXPORTER_DEFAULTS.serviceName}.${monitoringNamespace}.svc:${BLACKBOX_EXPORTER_DEFAULTS.port}`;
  const parts = SERVICE_ADDRESS.exec(address);
  check(parts !== null, 'blackboxExporter.address', address,
    'must be the exporter\'s Service as <service>.<namespace>.svc:<port>, e.g. "prometheus-blackbox-exporter.monitoring.svc:9115"');
  const port = Number(parts![6]);
  check(parts![1].length <= 63 && parts![3].length <= 63, 'blackboxExporter.address', address, 'must name a Service and a namespace of at most 63 characters each');
  check(port >= 1 && port <= 65535, 'blackboxExporter.address', address, 'must end in a port number in 1–65535');
  const module = spec?.module ?? BLACKBOX_EXPORTER_DEFAULTS.module;
  check(MODULE_NAME.test(module), 'blackboxExporter.module', module, 'must be a module name of the exporter\'s configuration, e.g. "http_2xx"');
  return { address, module, serviceName: parts![1], namespace: parts![3], port };
}

export interface EdgeProbeProps {
  /** Name of the Probe, usually the service's: the probe series' `job` is `probe/<namespace>/<name>`. */
  readonly name: string;
  readonly namespace: string;
  /** The `service` label of every probe series: the service the host belongs to. */
  readonly service: string;
  /** HTTPS URL to probe, e.g. `https://api.example.com/health/readiness`. */
  readonly target: string;
  /** The exporter's `host:port` and module. */
  readonly prober: Pick<ResolvedBlackboxExporter, 'address' | 'module'>;
  /** Labels the Prometheus operator selects Probes by, e.g. `{ release: 'kube-prometheus-stack' }`. */
  readonly monitoringSelector: Readonly<Record<string, string>>;
  /** @default EDGE_PROBE_INTERVAL (30s) */
  readonly interval?: string;
  /** Further labels on the Probe. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A prometheus-operator Probe of one public URL through the blackbox exporter. The
 * target's static labels give every probe series the `namespace` and `service` of the
 * service, the labels Alertmanager groups and inhibits by, so an edge failure joins
 * that service's incident.
 */
export class EdgeProbe extends Construct {
  public readonly probe: Probe;
  /** The `job` label of the probe series, as the operator sets it. */
  public readonly job: string;

  constructor(scope: Construct, id: string, props: EdgeProbeProps) {
    super(scope, id);
    checkDnsSubdomain('name', props.name);
    checkDnsLabel('namespace', props.namespace);
    checkDnsLabel('service', props.service);
    check(/^https:\/\/[a-z0-9.-]+\/\S*$/.test(props.target), 'target', props.target, 'must be an https URL with a path, e.g. "https://api.example.com/health"');
    check(SERVICE_ADDRESS.test(props.prober.address), 'prober.address', props.prober.address, 'must be <service>.<namespace>.svc:<port>');
    check(MODULE_NAME.test(props.prober.module), 'prober.module', props.prober.module, 'must be a module name such as "http_2xx"');
    check(Object.keys(props.monitoringSelector).length > 0, 'monitoringSelector', props.monitoringSelector,
      'must name at least one label: kube-prometheus-stack only picks up Probes carrying its selector label');
    this.job = probeJob(props.namespace, props.name);

    this.probe = new Probe(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { ...props.labels, ...props.monitoringSelector },
      },
      spec: {
        interval: props.interval ?? EDGE_PROBE_INTERVAL,
        module: props.prober.module,
        prober: { url: props.prober.address, scheme: ProbeSpecProberScheme.HTTP, path: '/probe' },
        targets: {
          staticConfig: {
            static: [props.target],
            labels: { namespace: props.namespace, service: props.service },
          },
        },
      },
    });
  }
}
