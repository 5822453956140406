import * as z from 'zod/mini';
import { ALERT_THRESHOLD_OVERRIDES } from './alert-thresholds';
import { SERVICE_SIGNALS } from './service-signals';
import { AUTOSCALING, LABELS, METRIC, RESOURCES, SLO_OVERRIDES, type SpecOf } from './shapes';

/**
 * A peer the service connects to. Outside the cluster (no `podLabels`), the address
 * block is the environment's `dataNetworkCidr`; the egress policy allows nothing else
 * besides DNS and HTTPS.
 */
const DEPENDENCY = z.strictObject({
  /** What the peer is, e.g. `postgres`; a DNS-1123 label. */
  name: z.string(),
  port: z.number(),
  /** @default "TCP" */
  protocol: z.optional(z.enum(['TCP', 'UDP'])),
  /** Pods inside the cluster, by label. @default outside the cluster, in the environment's dataNetworkCidr */
  podLabels: z.optional(LABELS),
  /** Namespace of the `podLabels` pods. @default the service's own namespace */
  namespace: z.optional(z.string()),
});
export type ServiceDependency = SpecOf<typeof DEPENDENCY>;

const HEALTH = z.strictObject({
  /**
   * Restart the container when this fails.
   * @default a TCP check of the HTTP port, for services without a liveness endpoint
   */
  liveness: z.optional(z.string()),
  /** Take the pod out of the Service endpoints when this fails. */
  readiness: z.string(),
  /**
   * Hold liveness back until the process has started.
   * @default the liveness path; for a service without one, a TCP check of the port (not the
   * readiness path: a pod that boots while its database is down would be killed after 60 s)
   */
  startup: z.optional(z.string()),
  /** Container port the probes call; must be one the container declares. @default the HTTP port */
  port: z.optional(z.number()),
});
export type HealthEndpoints = SpecOf<typeof HEALTH>;

const ENV_VAR = z.strictObject({ name: z.string(), value: z.string() });
export type EnvVar = SpecOf<typeof ENV_VAR>;

/**
 * One secret a service reads: where it lives in AWS Secrets Manager, the environment
 * variable it becomes, and the rotation policy that applies to it. The value itself
 * never appears in this repository.
 */
const SECRET_INVENTORY_ENTRY = z.strictObject({
  /** Environment variable (and key of the target Secret), e.g. `JWT_SECRET`. */
  envVar: z.string(),
  /** Secret name in AWS Secrets Manager, e.g. `reconciliation/jwt-secret`. */
  remoteKey: z.string(),
  /** JSON property inside the remote secret. @default the whole secret string */
  property: z.optional(z.string()),
  /** Maximum age of the value, in days. */
  rotationPeriodDays: z.number(),
  /** The team that rotates it, or owns the automation that does. */
  owner: z.enum(['Security', 'DevOps', 'Finance']),
  /** `automated`: a Secrets Manager rotation function rotates it; `manual`: the owner does, by runbook. */
  rotation: z.enum(['automated', 'manual']),
  /**
   * Day the value was last rotated (`YYYY-MM-DD`, UTC), in every environment: the
   * rotation process updates it (step "update rotation log"), and the reminder alerts
   * count the next rotation from it.
   */
  lastRotated: z.string(),
});
export type SecretInventoryEntry = SpecOf<typeof SECRET_INVENTORY_ENTRY>;
export type SecretOwner = SecretInventoryEntry['owner'];
export type RotationMode = SecretInventoryEntry['rotation'];

/** A service's secrets: what it reads and the Kubernetes Secret they land in. */
const SERVICE_SECRETS = z.strictObject({
  /** Kubernetes Secret that ESO writes and the Deployment reads. @default `<service>-secrets` */
  targetSecretName: z.optional(z.string()),
  /** One entry per secret, in the order the policy document lists them. */
  inventory: z.array(SECRET_INVENTORY_ENTRY),
});
export type ServiceSecretsSpec = SpecOf<typeof SERVICE_SECRETS>;

/**
 * Everything the platform needs to know about one HTTP service, independent of the
 * environment it runs in. One file per service under `services/`.
 */
export const SERVICE_SPEC = z.strictObject({
  /** DNS-1123 label used for every object, e.g. `reconciliation-backend`. */
  name: z.string(),
  /** One line for humans: what the service does. */
  description: z.string(),
  /** `app.kubernetes.io/component` label. @default "api" */
  component: z.optional(z.string()),
  /** Image repository without tag. */
  imageRepository: z.string(),
  /** Tag or `sha256:` digest to run where an environment pins none. @default none: every environment must pin one */
  imageTag: z.optional(z.string()),
  httpPort: z.number(),
  /** @default httpPort */
  metricsPort: z.optional(z.number()),
  /** Path Prometheus scrapes, e.g. `/api/metrics`; never matched by the public route (see `publicPaths`). */
  metricsPath: z.string(),
  /**
   * Path prefixes the internet may reach where the service is public (an environment's
   * `publicRoute`), matched segment-wise as Gateway API's PathPrefix does. None may match
   * `metricsPath`, and the readiness path must be among them (the edge probe requests it).
   * @default ["/"], which only a service with a separate `metricsPort` can use
   */
  publicPaths: z.optional(z.array(z.string())),
  health: HEALTH,
  /** @default DEFAULT_RESOURCES (requests 200m/256Mi, limits 500m/512Mi) */
  resources: z.optional(RESOURCES),
  /** @default DEFAULT_AUTOSCALING (2–10, CPU 70 %, memory 80 %) */
  autoscaling: z.optional(AUTOSCALING),
  /**
   * preStop pause, so endpoints controllers and load balancers stop sending traffic
   * before the process receives SIGTERM. Runs `sleep` in the image; 0 for images without
   * `sleep`. Below the pod's termination grace period. @default 5
   */
  preStopDelaySeconds: z.optional(z.number()),
  /** What the pods connect to besides DNS and HTTPS; everything else is refused. @default none */
  dependencies: z.optional(z.array(DEPENDENCY)),
  /** Plain environment variables. @default none */
  env: z.optional(z.array(ENV_VAR)),
  /** The metrics the service exports. */
  metrics: z.record(z.string(), METRIC),
  /** Which catalog entries carry the standard signals (HTTP, database, cache). */
  signals: SERVICE_SIGNALS,
  /** Changes to the SLOs derived from the signals (see lib/slo/slo-model.ts). @default none */
  slos: z.optional(SLO_OVERRIDES),
  /** Secrets read from AWS Secrets Manager through External Secrets (lib/secrets/). @default none */
  secrets: z.optional(SERVICE_SECRETS),
  /** The service's own alert thresholds (see ALERT_THRESHOLDS for the order of overrides). @default none */
  alertThresholds: z.optional(ALERT_THRESHOLD_OVERRIDES),
});
export type ServiceSpec = SpecOf<typeof SERVICE_SPEC>;
