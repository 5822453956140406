import type { AlertRoutingSpec } from '../monitoring/alert-routing';
import type { BlackboxExporterSpec } from '../monitoring/edge-probe';
import type { CapacityQuota } from '../review/capacity-ledger';
import type { SloOverrides } from '../slo/slo-model';
import type { AutoscalingProps } from '../workload/service-autoscaler';
import type { PublicIngressSpec } from '../workload/public-ingress';
import type { ResourceRequirements } from '../workload/resources';

/** Alert severities, as Alertmanager routes them: critical pages, warning opens a ticket. */
export type Severity = 'critical' | 'warning' | 'info';

/** What one service gets in one environment; every field overrides the service spec's. */
export interface ServiceDeploymentSpec {
  /** Image tag or `sha256:` digest to run. @default the service spec's imageTag */
  readonly imageTag?: string;
  /**
   * IAM role (IRSA) External Secrets assumes to read the service's secrets, on the
   * `<service>-secrets-reader` ServiceAccount, never on the pods'. Its trust policy
   * must name `system:serviceaccount:<namespace>:<service>-secrets-reader`.
   * Required for a service with secrets, refused for one without. @default none
   */
  readonly iamRoleArn?: string;
  /** Replica bounds and targets. @default the service spec's, else 2–10 on CPU 70 % / memory 80 % */
  readonly autoscaling?: AutoscalingProps;
  /** @default the service spec's resources */
  readonly resources?: ResourceRequirements;
  /** Changes to the service's SLOs in this environment, field by field. @default the service spec's */
  readonly slos?: SloOverrides;
  /** Public HTTPS entry point of the service in this environment. @default none: reachable only inside the cluster */
  readonly ingress?: PublicIngressSpec;
  /** Alert threshold overrides in this environment, on top of the service spec's. @default the service spec's */
  readonly alertThresholds?: Readonly<Record<string, number | string>>;
}

export interface EnvironmentSpec {
  /** `staging`, `production`: the folder under `dist/` and the `environment` label. */
  readonly name: string;
  /**
   * `production` holds live data and users: its images must be pinned to a release
   * (semver) or a digest, and synth warns about placeholder values in it.
   */
  readonly tier: 'production' | 'non-production';
  /** Namespace all services of the environment run in. */
  readonly namespace: string;
  /** Another environment uses the same namespace on purpose (objects then must not collide). @default false */
  readonly sharesNamespace?: boolean;
  /** Namespace of the ingress controller that may reach the services' HTTP ports. */
  readonly ingressNamespace: string;
  /** Namespace Prometheus runs in (scrapes the metrics ports). */
  readonly monitoringNamespace: string;
  /** Labels the Prometheus operator selects ServiceMonitors and PrometheusRules by, e.g. `{ release: 'kube-prometheus-stack' }`. */
  readonly monitoringSelector: Readonly<Record<string, string>>;
  /**
   * Maps a rule's intended severity to the one this environment routes, e.g. staging
   * turns `critical` into `warning` so it never pages.
   */
  readonly severityRouting: Readonly<Record<Severity, Severity>>;
  /** IPv4 block of the environment's managed databases and caches (the VPC's data subnets): where dependencies outside the cluster live. */
  readonly dataNetworkCidr: string;
  /** Secrets holding registry credentials for pulling the images. @default none (a public registry, or node credentials) */
  readonly imagePullSecrets?: readonly string[];
  /**
   * Prefix of every remote key the environment reads, so staging never reads
   * production's secrets: `production/` + `reconciliation/jwt-secret`. @default "<name>/"
   */
  readonly secretKeyPrefix?: string;
  /** Requests the environment may reach with every service at maxReplicas; synth refuses a plan above it. @default no quota */
  readonly capacityQuota?: CapacityQuota;
  /** AWS region of the Secrets Manager the services read. */
  readonly awsRegion: string;
  /**
   * Address of the Grafana that shows the environment's dashboards, e.g.
   * `https://grafana.example.com` (https, no trailing slash): every alert's
   * `dashboard_url` is this plus `/d/<uid>?viewPanel=<id>`, so a notification links
   * to the panel from wherever it is read.
   */
  readonly grafanaUrl: string;
  /**
   * The blackbox exporter that probes the environment's public hosts from outside their pods.
   * @default `prometheus-blackbox-exporter.<monitoringNamespace>.svc:9115`, module `http_2xx`
   */
  readonly blackboxExporter?: BlackboxExporterSpec;
  /** Where the environment's alerts go (Alertmanager routing, receivers, inhibitions); `dist/<env>/01-alert-routing.k8s.yaml`. */
  readonly alertRouting: AlertRoutingSpec;
  /** Per-service settings for this environment, by service name; a service without an entry runs on its spec's defaults. */
  readonly services: Readonly<Record<string, ServiceDeploymentSpec>>;
}
