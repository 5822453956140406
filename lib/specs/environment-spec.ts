import * as z from 'zod/mini';
import { ALERT_THRESHOLD_OVERRIDES } from './alert-thresholds';
import { AUTOSCALING, LABELS, PUBLIC_ROUTE, RESOURCES, SLO_OVERRIDES, type SpecOf } from './shapes';

/** An https origin (and optional path) without a trailing slash: alert links append `/d/<uid>` to it. */
const GRAFANA_URL = /^https:\/\/[A-Za-z0-9.-]+(:[0-9]+)?(\/[^\s?#]*[^\s?#/])?$/;
const GRAFANA_URL_RULE = 'must be an https URL without a trailing slash, query or fragment, e.g. "https://grafana.example.com": alert links append /d/<uid> to it';

/** Alert severities, as Alertmanager routes them: critical pages, warning opens a ticket. */
const SEVERITY = z.enum(['critical', 'warning', 'info']);
export type Severity = z.infer<typeof SEVERITY>;

/** What one service gets in one environment; every field overrides the service spec's. */
const SERVICE_DEPLOYMENT = z.strictObject({
  /** Image tag or `sha256:` digest to run. @default the service spec's imageTag */
  imageTag: z.optional(z.string()),
  /**
   * IAM role (IRSA) External Secrets assumes to read the service's secrets, on the
   * `<service>-secrets-reader` ServiceAccount, never on the pods'. Its trust policy
   * must name `system:serviceaccount:<namespace>:<service>-secrets-reader`.
   * Required for a service with secrets, refused for one without. @default none
   */
  iamRoleArn: z.optional(z.string()),
  /** Replica bounds and targets. @default the service spec's, else 2–10 on CPU 70 % / memory 80 % */
  autoscaling: z.optional(AUTOSCALING),
  /** @default the service spec's resources */
  resources: z.optional(RESOURCES),
  /** Changes to the service's SLOs in this environment, field by field. @default the service spec's */
  slos: z.optional(SLO_OVERRIDES),
  /** Public HTTPS host of the service in this environment, on the environment's `gateway`. @default none: reachable only inside the cluster */
  publicRoute: z.optional(PUBLIC_ROUTE),
  /** Alert thresholds of this service here: the last word (see ALERT_THRESHOLDS for the order). @default the service spec's */
  alertThresholds: z.optional(ALERT_THRESHOLD_OVERRIDES),
});
export type ServiceDeploymentSpec = SpecOf<typeof SERVICE_DEPLOYMENT>;

/** Where the environment's shared Gateway runs; each field has a default (GATEWAY_DEFAULTS in lib/workload/public-route.ts). */
const GATEWAY_REF = z.strictObject({
  /** @default "public-<environment>" */
  name: z.optional(z.string()),
  /** Also where the Gateway's proxies run, the namespace the network policies admit. @default "gateway-system" */
  namespace: z.optional(z.string()),
});
export type GatewayRefSpec = SpecOf<typeof GATEWAY_REF>;

/** What one service gets in one cluster of the environment, over the environment's entry for it. */
const CLUSTER_SERVICE_DEPLOYMENT = z.strictObject({
  /** IRSA role for the service's secrets reader in this cluster (its trust policy names this cluster's OIDC provider). @default the environment's entry's */
  iamRoleArn: z.optional(z.string()),
  /** Replica bounds and targets here, field by field over the environment's entry's. @default the environment's entry's */
  autoscaling: z.optional(AUTOSCALING),
  /**
   * The name this cluster serves the service's public route on instead of the environment's
   * `publicRoute.host`, e.g. a regional `api.eu-west-1.example.com` behind a global name
   * that DNS steers between clusters. The edge probe requests it, so each cluster's probe
   * checks its own edge. @default the environment's `publicRoute.host`
   */
  publicHost: z.optional(z.string()),
});
export type ClusterServiceDeploymentSpec = SpecOf<typeof CLUSTER_SERVICE_DEPLOYMENT>;

/** One Kubernetes cluster the environment runs in; everything not here is the environment's. */
const CLUSTER = z.strictObject({
  /** DNS label: the folder `dist/<environment>/<name>/`, and the Argo CD destination unless `argoCdDestination` says otherwise. */
  name: z.string(),
  /** AWS region the cluster runs in: the Secrets Manager its ExternalSecrets read (secrets are replicated per region). */
  region: z.string(),
  /**
   * Value of the `cluster` external label of this cluster's Prometheus: what alerts, pages,
   * dashboards and a global ruler tell clusters apart by; unique in the whole fleet.
   * @default "<environment>-<name>"
   */
  label: z.optional(z.string()),
  /** IPv4 block of the databases and caches this cluster's services reach (its VPC's data subnets). */
  dataNetworkCidr: z.string(),
  /** The cluster's name as registered in Argo CD (an ApplicationSet destination). @default "<environment>-<name>" */
  argoCdDestination: z.optional(z.string()),
  /** IRSA role of the alert routing's secrets reader in this cluster. @default the environment's `alertRouting.iamRoleArn` */
  alertRoutingIamRoleArn: z.optional(z.string()),
  /**
   * Secrets Manager secret holding this cluster's dead man's switch ping URL: each cluster
   * needs its own check, or one cluster's silence hides behind another's pings (synth
   * refuses two clusters of an environment with one key).
   * @default the environment's `alertRouting.heartbeat.webhookUrlRemoteKey`
   */
  heartbeatWebhookUrlRemoteKey: z.optional(z.string()),
  /** Per-service settings that differ in this cluster, by service name. @default none */
  services: z.optional(z.record(z.string(), CLUSTER_SERVICE_DEPLOYMENT)),
});
export type ClusterSpec = SpecOf<typeof CLUSTER>;

/** Requests the environment may reach with every service at maxReplicas; synth refuses a plan above it. */
const CAPACITY_QUOTA = z.strictObject({ cpuCores: z.number(), memoryGib: z.number() });
export type CapacityQuota = SpecOf<typeof CAPACITY_QUOTA>;

const BLACKBOX_EXPORTER = z.strictObject({
  /**
   * The exporter's Service as `<service>.<namespace>.svc:<port>` (or `….svc.cluster.local:<port>`):
   * in the cluster, so preflight.sh can check that the Service exists.
   * @default "prometheus-blackbox-exporter.<monitoringNamespace>.svc:9115": the prometheus-community
   * chart installed as release `prometheus-blackbox-exporter` next to Prometheus
   */
  address: z.optional(z.string()),
  /** Module of the exporter's configuration the Probes use; it must exist there. @default "http_2xx" (in the chart's default configuration) */
  module: z.optional(z.string()),
});
export type BlackboxExporterSpec = SpecOf<typeof BLACKBOX_EXPORTER>;

/** The PagerDuty service that critical alerts page. */
const PAGING_RECEIVER = z.strictObject({
  /** Secrets Manager secret holding the PagerDuty Events API v2 routing (integration) key. */
  routingKeyRemoteKey: z.string(),
});
/** The Slack channel that every alert that does not page goes to. */
const CHAT_RECEIVER = z.strictObject({
  /** Slack channel, e.g. `#reconciliation-alerts`. */
  channel: z.string(),
  /** Secrets Manager secret holding the Slack incoming-webhook URL. */
  webhookUrlRemoteKey: z.string(),
});
/**
 * The dead man's switch: an external service (healthchecks.io, Dead Man's Snitch, a
 * PagerDuty heartbeat) that expects a ping at least every HEARTBEAT_TIMING.repeatInterval
 * and pages when the pings stop, i.e. when Prometheus, Alertmanager or this routing
 * stopped working.
 */
const HEARTBEAT_RECEIVER = z.strictObject({
  /** Secrets Manager secret holding the ping URL Alertmanager posts the heartbeat to. */
  webhookUrlRemoteKey: z.string(),
});

/** Where an environment's alerts go (lib/monitoring/alert-routing.ts). */
const ALERT_ROUTING = z.strictObject({
  /**
   * Labels the cluster's Alertmanager selects AlertmanagerConfigs by (its
   * `alertmanagerConfigSelector`), e.g. `{ release: 'kube-prometheus-stack' }`.
   */
  configSelector: LABELS,
  /** Whether critical alerts page. `false` (staging) sends every alert to chat and needs no `paging`. */
  pages: z.boolean(),
  /** Required when `pages`, refused otherwise. @default none */
  paging: z.optional(PAGING_RECEIVER),
  chat: CHAT_RECEIVER,
  /** Where the always-firing heartbeat alert goes, so a silent pager is noticed from outside. */
  heartbeat: HEARTBEAT_RECEIVER,
  /**
   * IAM role (IRSA) External Secrets assumes to read the receiver credentials, on the
   * `alert-routing-secrets-reader` ServiceAccount. Its trust policy must name
   * `system:serviceaccount:<namespace>:alert-routing-secrets-reader`.
   */
  iamRoleArn: z.string(),
});
export type AlertRoutingSpec = SpecOf<typeof ALERT_ROUTING>;
export type PagingReceiverSpec = SpecOf<typeof PAGING_RECEIVER>;
export type ChatReceiverSpec = SpecOf<typeof CHAT_RECEIVER>;
export type HeartbeatReceiverSpec = SpecOf<typeof HEARTBEAT_RECEIVER>;

export const ENVIRONMENT_SPEC = z.strictObject({
  /** `staging`, `production`: the folder under `dist/` and the `environment` label. */
  name: z.string(),
  /**
   * `production` holds live data and users: its images must be pinned to a release
   * (semver) or a digest, and synth warns about placeholder values in it.
   */
  tier: z.enum(['production', 'non-production']),
  /** Namespace all services of the environment run in. */
  namespace: z.string(),
  /** Another environment uses the same namespace on purpose (objects then must not collide). @default false */
  sharesNamespace: z.optional(z.boolean()),
  /**
   * The shared Gateway (Gateway API) the public routes attach to: a prerequisite the
   * platform runs, not emitted here; the network policies admit its namespace to the
   * HTTP ports. @default GATEWAY_DEFAULTS: name "public-<environment>", namespace "gateway-system"
   */
  gateway: z.optional(GATEWAY_REF),
  /** Namespace Prometheus runs in (scrapes the metrics ports). */
  monitoringNamespace: z.string(),
  /** Labels the Prometheus operator selects ServiceMonitors and PrometheusRules by, e.g. `{ release: 'kube-prometheus-stack' }`. */
  monitoringSelector: LABELS,
  /**
   * Maps a rule's intended severity to the one this environment routes, e.g. staging
   * turns `critical` into `warning` so it never pages.
   */
  severityRouting: z.strictObject({ critical: SEVERITY, warning: SEVERITY, info: SEVERITY }),
  /** Secrets holding registry credentials for pulling the images. @default none (a public registry, or node credentials) */
  imagePullSecrets: z.optional(z.array(z.string())),
  /**
   * Prefix of every remote key the environment reads, so staging never reads
   * production's secrets: `production/` + `reconciliation/jwt-secret`. @default "<name>/"
   */
  secretKeyPrefix: z.optional(z.string()),
  /**
   * The clusters the environment runs in, at least one: every service runs in each, its
   * objects in `dist/<environment>/<cluster>/`.
   */
  clusters: z.array(CLUSTER),
  /** Requests each cluster of the environment may reach with every service at maxReplicas (a per-namespace quota); synth refuses a plan above it. @default no quota */
  capacityQuota: z.optional(CAPACITY_QUOTA),
  /**
   * The blackbox exporter that probes the environment's public hosts from outside their pods.
   * @default `prometheus-blackbox-exporter.<monitoringNamespace>.svc:9115`, module `http_2xx`
   */
  blackboxExporter: z.optional(BLACKBOX_EXPORTER),
  /** Where the environment's alerts go (Alertmanager routing, receivers, inhibitions); `dist/<env>/<cluster>/workloads/01-alert-routing.k8s.yaml`. */
  alertRouting: ALERT_ROUTING,
  /**
   * Address of the Grafana that shows the environment's dashboards, e.g.
   * `https://grafana.example.com` (https, no trailing slash): every alert's
   * `dashboard_url` is this plus `/d/<uid>?viewPanel=<id>`, so a notification links
   * to the panel from wherever it is read.
   */
  grafanaUrl: z.string().check(z.regex(GRAFANA_URL, { error: GRAFANA_URL_RULE })),
  /** Alert thresholds of every service here, under each service's own (see ALERT_THRESHOLDS for the order). @default none */
  alertThresholds: z.optional(ALERT_THRESHOLD_OVERRIDES),
  /** Per-service settings for this environment, by service name; a service without an entry runs on its spec's defaults. */
  services: z.record(z.string(), SERVICE_DEPLOYMENT),
});
export type EnvironmentSpec = SpecOf<typeof ENVIRONMENT_SPEC>;
