import * as z from 'zod/mini';

/**
 * Shapes several specs share, declared once as zod schemas (zod/mini): synth checks
 * specs against them (check-shape.ts) and every spec type is `z.infer` of them, so a
 * field is written once. Value rules (ranges, names, cross-field rules) are checked
 * where the value is resolved (lib/plan/).
 */

/** `z.infer`, read-only all the way down: specs are data that nothing mutates. */
export type DeepReadonly<T> = T extends readonly (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** The type a schema declares, read-only. */
export type SpecOf<S extends z.ZodMiniType> = DeepReadonly<z.infer<S>>;

/** The given fields over the defaults; a field given as undefined keeps its default. */
export function overDefaults<T extends object>(defaults: T, given: Partial<T> | undefined): T {
  const defined = Object.entries(given ?? {}).filter(([, value]) => value !== undefined);
  return { ...defaults, ...Object.fromEntries(defined) };
}

export const LABELS = z.record(z.string(), z.string());

const QUANTITIES = z.strictObject({
  /** CPU quantity, e.g. `200m` or `0.5`; whole millicores. */
  cpu: z.string(),
  /** Memory quantity, e.g. `256Mi` or `1Gi`; whole mebibytes. */
  memory: z.string(),
});
export type ResourceQuantities = SpecOf<typeof QUANTITIES>;

export const RESOURCES = z.strictObject({ requests: QUANTITIES, limits: QUANTITIES });
export type ResourceRequirements = SpecOf<typeof RESOURCES>;

export const AUTOSCALING = z.strictObject({
  /** @default 2 */
  minReplicas: z.optional(z.number()),
  /** @default 10; at most MAX_REPLICAS_CEILING */
  maxReplicas: z.optional(z.number()),
  /** Average CPU utilization (percent of requests) to hold. @default 70 */
  cpuUtilization: z.optional(z.number()),
  /** Average memory utilization (percent of requests) to hold. @default 80 */
  memoryUtilization: z.optional(z.number()),
});
export type AutoscalingProps = SpecOf<typeof AUTOSCALING>;

const SLO_OVERRIDE = z.strictObject({
  /** `false` drops the SLO (its rules, alerts and dashboard rows). @default true */
  enabled: z.optional(z.boolean()),
  /** @default DEFAULT_SLO_OBJECTIVES */
  objectivePercent: z.optional(z.number()),
  /** @default DEFAULT_SLO_PERIOD */
  period: z.optional(z.string()),
  /** Fewest requests in the long window before the SLO may page. @default DEFAULT_MINIMUM_REQUESTS */
  minimumRequests: z.optional(z.number()),
});
const LATENCY_SLO_OVERRIDE = z.extend(SLO_OVERRIDE, {
  /** Must be a bucket bound of the service's HTTP duration histogram. @default DEFAULT_LATENCY_THRESHOLD_SECONDS */
  thresholdSeconds: z.optional(z.number()),
});
/**
 * Changes to a service's default SLOs, set on the service spec and again per
 * environment (the environment's fields win, field by field).
 */
export const SLO_OVERRIDES = z.strictObject({
  availability: z.optional(SLO_OVERRIDE),
  latency: z.optional(LATENCY_SLO_OVERRIDE),
});
export type SloOverrides = SpecOf<typeof SLO_OVERRIDES>;
export type LatencySloOverride = SpecOf<typeof LATENCY_SLO_OVERRIDE>;

export const METRIC = z.strictObject({
  /** Full exported name, e.g. `reconciliation_http_requests_total`. */
  name: z.string(),
  type: z.enum(['counter', 'gauge', 'histogram']),
  help: z.string(),
  /** Label names the service attaches (target labels such as `job` come on top). */
  labels: z.array(z.string()),
  /** Unit for humans and dashboards, e.g. `seconds`, `requests`, `connections`. */
  unit: z.string(),
  /** Histogram bucket upper bounds (seconds for durations); histograms only. */
  buckets: z.optional(z.array(z.number())),
  /**
   * Why no dashboard draws this metric, in one line; every other catalog metric is on at
   * least one panel (test/dashboards/catalog-coverage.test.ts holds both). @default drawn
   */
  notDashboarded: z.optional(z.string()),
});
export type MetricType = SpecOf<typeof METRIC>['type'];
/** One metric of a catalog; `L` keeps a catalog entry's literal label names (`'method' | 'route'`). */
export type MetricDefinition<L extends string = string> = Omit<SpecOf<typeof METRIC>, 'labels'> & { readonly labels: readonly L[] };
export type MetricCatalog = Readonly<Record<string, MetricDefinition>>;

/**
 * A service's public HTTPS host in one environment: an HTTPRoute on the environment's
 * Gateway, with a cert-manager Certificate for the host. The paths it routes are the
 * service spec's `publicPaths`.
 */
export const PUBLIC_ROUTE = z.strictObject({
  /** Public host name, e.g. `api.example.com`; a DNS subdomain of at least two labels, served by one service only. */
  host: z.string(),
  /** cert-manager ClusterIssuer that signs the certificate (cluster-specific, so no default). */
  clusterIssuer: z.string(),
  /** The Certificate, and the Secret it writes, in the service's namespace. @default "<service>-tls" */
  tlsSecretName: z.optional(z.string()),
  /**
   * The Gateway listener that serves the host (the route's `sectionName`): HTTPS, this
   * hostname, terminating TLS with this host's Secret. @default "https-<service>"
   */
  listener: z.optional(z.string()),
});
export type PublicRouteSpec = SpecOf<typeof PUBLIC_ROUTE>;
