import type { ResolvedEdgeProbe } from '../monitoring/edge-probe';
import type { BurnRatePolicy, SloDefinition } from '../slo/slo-model';
import type { AlertThresholds } from '../specs/alert-thresholds';
import type { EnvironmentSpec, Severity } from '../specs/environment-spec';
import type { SecretInventoryEntry, ServiceSpec } from '../specs/service-spec';
import type { ResolvedWorkload } from '../workload/http-service';
import type { ResolvedGateway } from '../workload/public-route';

/**
 * One service in one cluster of one environment with every default applied and every override merged,
 * once (lib/plan/deployment-from-specs.ts). It is the only input of the service's chart,
 * its alerts, dashboards, summary and rotation policy: none of them looks at the specs
 * again, so none can disagree with another. Deeply frozen.
 */
export interface ResolvedDeployment {
  /** The chart's file under the output folder, e.g. `production/eu-west-1/reconciliation-backend.k8s.yaml` (written split by layer, see ChartPlan). */
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
  /** Every alert threshold, overrides applied (defaults → environment → service spec → the environment's entry for the service). */
  readonly thresholds: AlertThresholds;
  /** The SLOs in force here (disabled ones are absent), with the environment's overrides applied. */
  readonly slos: readonly SloDefinition[];
  readonly burnRatePolicy: BurnRatePolicy;
  readonly monitoring: ResolvedMonitoring;
  /** Present when the service reads secrets. */
  readonly secrets?: ResolvedSecrets;
  /** Present for a service public in this environment: the black-box probe of its host. */
  readonly edge?: ResolvedEdgeProbe;
}

/**
 * An environment in one of its clusters, as its charts use it: the spec with the cluster's
 * settings merged, without the per-service overrides, which are merged into each deployment.
 */
export type ResolvedEnvironment = Omit<EnvironmentSpec, 'services' | 'clusters' | 'gateway'> & {
  readonly cluster: ResolvedCluster;
  /** The environment's shared Gateway, defaults applied: every public route of the cluster attaches to it. */
  readonly gateway: ResolvedGateway;
};

/** One cluster of an environment, defaults applied. */
export interface ResolvedCluster {
  readonly name: string;
  /** AWS region: the Secrets Manager the cluster's ExternalSecrets read. */
  readonly region: string;
  /** The `cluster` external label of the cluster's Prometheus, unique in the fleet. */
  readonly label: string;
  readonly dataNetworkCidr: string;
  readonly argoCdDestination: string;
  /** The cluster's folder under the output folder, e.g. `production/eu-west-1`. */
  readonly folder: string;
}

/** What the monitoring of a service needs to know about it, independent of the environment. */
export type ResolvedService = Pick<ServiceSpec, 'name' | 'description' | 'metrics' | 'signals'>;

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
