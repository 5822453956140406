import type { ResolvedEdgeProbe } from '../monitoring/edge-probe';
import type { MetricCatalog } from '../monitoring/metric-catalog';
import type { BurnRatePolicy, SloDefinition } from '../slo/slo-model';
import type { EnvironmentSpec, Severity } from '../specs/environment-spec';
import type { ServiceSignals } from '../specs/service-signals';
import type { SecretInventoryEntry } from '../secrets/secret-inventory';
import type { AutoscalingProps } from '../workload/service-autoscaler';
import type { EnvVar, HealthEndpoints } from '../workload/http-service';
import type { EgressProps } from '../workload/network-isolation';
import type { PublicIngressSpec } from '../workload/public-ingress';
import type { ResourceRequirements } from '../workload/resources';

/**
 * One service in one environment with every default applied and every override merged,
 * once (lib/plan/resolve-deployment.ts). It is the only input of the service's chart,
 * its alerts, dashboards, summary and rotation policy: none of them looks at the specs
 * again, so none can disagree with another. Deeply frozen.
 */
export interface ResolvedDeployment {
  /** Output file under the output folder, e.g. `production/reconciliation-backend.k8s.yaml`. */
  readonly file: string;
  readonly environment: ResolvedEnvironment;
  readonly service: ResolvedService;
  /** Namespace the service runs in; every selector of its alerts is scoped to it. */
  readonly namespace: string;
  /** `job` label of the service's scrape targets: the ServiceMonitor names it after the Service. */
  readonly job: string;
  /** CamelCase prefix of every alert of the service, e.g. `ReconciliationBackend`. */
  readonly alertPrefix: string;
  readonly workload: ResolvedWorkload;
  /** The alert registry's thresholds with the service's and then the environment's overrides applied. */
  readonly thresholds: Readonly<Record<string, number | string>>;
  /** The SLOs in force here (disabled ones are absent), with the environment's overrides applied. */
  readonly slos: readonly SloDefinition[];
  readonly burnRatePolicy: BurnRatePolicy;
  readonly monitoring: ResolvedMonitoring;
  /** Present when the service reads secrets. */
  readonly secrets?: ResolvedSecrets;
  /** Present for a service public in this environment: the black-box probe of its host. */
  readonly edge?: ResolvedEdgeProbe;
}

/** An environment as its charts use it: the spec without the per-service overrides, which are merged into each deployment. */
export type ResolvedEnvironment = Omit<EnvironmentSpec, 'services'>;

/** What the monitoring of a service needs to know about it, independent of the environment. */
export interface ResolvedService {
  readonly name: string;
  readonly description: string;
  readonly metrics: MetricCatalog;
  readonly signals: ServiceSignals;
}

export interface ResolvedWorkload {
  /** `repository:tag` or `repository@sha256:…`. */
  readonly image: string;
  readonly imageTag: string;
  /** `app.kubernetes.io/component`. */
  readonly component: string;
  readonly httpPort: number;
  readonly metricsPort: number;
  readonly metricsPath: string;
  readonly health: HealthEndpoints;
  readonly preStopDelaySeconds: number;
  readonly env: readonly EnvVar[];
  /** Quantities normalised to whole millicores (`200m`) and mebibytes (`256Mi`), as the API server prints them. */
  readonly resources: ResourceRequirements;
  readonly autoscaling: Required<AutoscalingProps>;
  /** PodDisruptionBudget floor. */
  readonly minAvailable: number;
  readonly ingressNamespace: string;
  readonly monitoringNamespace: string;
  readonly imagePullSecrets: readonly string[];
  /** Present for a service public in this environment. */
  readonly ingress?: PublicIngressSpec;
  /** Where the pods may connect to: DNS, HTTPS and the declared dependencies. */
  readonly egress: EgressProps;
}

export interface ResolvedMonitoring {
  /** Labels the Prometheus operator selects ServiceMonitors and PrometheusRules by. */
  readonly selector: Readonly<Record<string, string>>;
  readonly scrapeInterval: string;
  /** Intended severity → the severity this environment routes. */
  readonly severityRouting: Readonly<Record<Severity, Severity>>;
}

export interface ResolvedSecrets {
  /** Kubernetes Secret ESO writes and the Deployment reads. */
  readonly targetSecretName: string;
  /** Prefix of this environment's remote keys, e.g. `production/`. */
  readonly keyPrefix: string;
  /** The inventory, each remote key as this environment reads it (prefix included). */
  readonly inventory: readonly SecretInventoryEntry[];
  /** IAM role ESO assumes (IRSA) to read them; checked by ServiceSecrets. */
  readonly iamRoleArn?: string;
  readonly region: string;
}
