import { Construct } from 'constructs';
import { ServiceMonitor } from '../../imports/servicemonitor-monitoring.coreos.com';
import { check } from '../validation/errors';
import { checkDnsLabel } from '../validation/names';
import { durationSeconds } from './prometheus-duration';

/** How often Prometheus scrapes a service; rate windows in alerts must be >= 4× this. */
export const DEFAULT_SCRAPE_INTERVAL = '15s';
/** Leaves a third of the interval free, so a slow scrape never overlaps the next one. */
export const DEFAULT_SCRAPE_TIMEOUT = '10s';

export interface ServiceMonitoringProps {
  /** Name of the ServiceMonitor; also the name of the Service it scrapes, which becomes the `job` label. */
  readonly name: string;
  /** Namespace of the Service to scrape. */
  readonly namespace: string;
  /** Labels of the Service to scrape (HttpService.selectorLabels). */
  readonly serviceSelector: Readonly<Record<string, string>>;
  /** Path the metrics are served at, e.g. `/api/metrics`. */
  readonly path: string;
  /** Name of the Service port serving metrics. @default 'metrics' */
  readonly port?: string;
  /** @default DEFAULT_SCRAPE_INTERVAL (15s) */
  readonly interval?: string;
  /** Must not exceed the interval. @default DEFAULT_SCRAPE_TIMEOUT (10s) */
  readonly scrapeTimeout?: string;
  /** Labels the Prometheus operator selects ServiceMonitors by, e.g. `{ release: 'kube-prometheus-stack' }`. */
  readonly monitoringSelector: Readonly<Record<string, string>>;
  /** Further labels on the ServiceMonitor. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Tells the Prometheus operator to scrape a service: its Service is selected by label
 * in its own namespace only, on the named metrics port.
 */
export class ServiceMonitoring extends Construct {
  public readonly serviceMonitor: ServiceMonitor;
  public readonly interval: string;
  public readonly scrapeTimeout: string;

  constructor(scope: Construct, id: string, props: ServiceMonitoringProps) {
    super(scope, id);
    checkDnsLabel('name', props.name);
    checkDnsLabel('namespace', props.namespace);
    check(Object.keys(props.serviceSelector).length > 0, 'serviceSelector', props.serviceSelector,
      'must name at least one label, or every Service in the namespace would be scraped');
    check(Object.keys(props.monitoringSelector).length > 0, 'monitoringSelector', props.monitoringSelector,
      'must name at least one label: kube-prometheus-stack only picks up ServiceMonitors carrying its selector label');
    check(props.path.startsWith('/'), 'path', props.path, 'must be an absolute HTTP path starting with "/"');
    this.interval = props.interval ?? DEFAULT_SCRAPE_INTERVAL;
    this.scrapeTimeout = props.scrapeTimeout ?? DEFAULT_SCRAPE_TIMEOUT;
    const intervalSeconds = durationSeconds('interval', this.interval);
    const timeoutSeconds = durationSeconds('scrapeTimeout', this.scrapeTimeout);
    check(intervalSeconds > 0, 'interval', this.interval, 'must be greater than zero');
    check(timeoutSeconds > 0 && timeoutSeconds <= intervalSeconds, 'scrapeTimeout', this.scrapeTimeout,
      `must be greater than zero and at most interval (${this.interval}): Prometheus rejects longer timeouts`);

    this.serviceMonitor = new ServiceMonitor(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { ...props.labels, ...props.monitoringSelector },
      },
      spec: {
        selector: { matchLabels: { ...props.serviceSelector } },
        namespaceSelector: { matchNames: [props.namespace] },
        endpoints: [{
          port: props.port ?? 'metrics',
          path: props.path,
          interval: this.interval,
          scrapeTimeout: this.scrapeTimeout,
        }],
      },
    });
  }
}
