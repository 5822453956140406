import type { MetricCatalog } from '../monitoring/metric-catalog';
import type { ServiceSecretsSpec } from '../secrets/secret-inventory';
import type { ServiceSignals } from './service-signals';
import type { SloOverrides } from '../slo/slo-model';
import type { AutoscalingProps } from '../workload/service-autoscaler';
import type { EnvVar, HealthEndpoints } from '../workload/http-service';
import type { ResourceRequirements } from '../workload/resources';

/**
 * A peer the service connects to. Outside the cluster (no `podLabels`), the address
 * block is the environment's `dataNetworkCidr`; the egress policy allows nothing else
 * besides DNS and HTTPS.
 */
export interface ServiceDependency {
  /** What the peer is, e.g. `postgres`; a DNS-1123 label. */
  readonly name: string;
  readonly port: number;
  /** @default "TCP" */
  readonly protocol?: 'TCP' | 'UDP';
  /** Pods inside the cluster, by label. @default outside the cluster, in the environment's dataNetworkCidr */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Namespace of the `podLabels` pods. @default the service's own namespace */
  readonly namespace?: string;
}

/**
 * Everything the platform needs to know about one HTTP service, independent of the
 * environment it runs in. One file per service under `services/`.
 */
export interface ServiceSpec {
  /** DNS-1123 label used for every object, e.g. `reconciliation-backend`. */
  readonly name: string;
  /** One line for humans: what the service does. */
  readonly description: string;
  /** `app.kubernetes.io/component` label. @default "api" */
  readonly component?: string;
  /** Image repository without tag. */
  readonly imageRepository: string;
  /** Tag or `sha256:` digest to run where an environment pins none. @default none: every environment must pin one */
  readonly imageTag?: string;
  readonly httpPort: number;
  /** @default httpPort */
  readonly metricsPort?: number;
  /** Path Prometheus scrapes, e.g. `/api/metrics`. */
  readonly metricsPath: string;
  readonly health: HealthEndpoints;
  /** @default DEFAULT_RESOURCES (requests 200m/256Mi, limits 500m/512Mi) */
  readonly resources?: ResourceRequirements;
  /** @default DEFAULT_AUTOSCALING (2–10, CPU 70 %, memory 80 %) */
  readonly autoscaling?: AutoscalingProps;
  /** preStop drain pause, run as `sleep` in the image; 0 for images without `sleep`. @default 5 */
  readonly preStopDelaySeconds?: number;
  /** What the pods connect to besides DNS and HTTPS; everything else is refused. @default none */
  readonly dependencies?: readonly ServiceDependency[];
  /** Plain environment variables. @default none */
  readonly env?: readonly EnvVar[];
  /** The metrics the service exports. */
  readonly metrics: MetricCatalog;
  /** Which catalog entries carry the standard signals (HTTP, database, cache). */
  readonly signals: ServiceSignals;
  /** Changes to the SLOs derived from the signals (see lib/slo/slo-model.ts). @default none */
  readonly slos?: SloOverrides;
  /** Secrets read from AWS Secrets Manager through External Secrets (lib/secrets/). @default none */
  readonly secrets?: ServiceSecretsSpec;
  /** Overrides of alert thresholds and durations, by the names of the alert registry's (alerts/thresholds.ts). @default none */
  readonly alertThresholds?: Readonly<Record<string, number | string>>;
}
