import * as z from 'zod/mini';
import { didYouMean } from '../validation/did-you-mean';
import { SpecError } from '../validation/errors';
import type { EnvironmentSpec } from './environment-spec';
import type { ServiceSpec } from './service-spec';

/**
 * The shape of service and environment specs, checked strictly at synth: synth runs
 * without type-checking, so a misspelt property (`minReplica`) would otherwise be
 * silently ignored. zod/mini: the same checks as zod, at a tenth of its load time. Value rules (ranges, names, cross-field rules) stay with the code
 * that uses the value; these schemas reject what TypeScript would have rejected.
 */

const labels = z.record(z.string(), z.string());
/** An https origin (and optional path) without a trailing slash: alert links append `/d/<uid>` to it. */
const GRAFANA_URL = /^https:\/\/[A-Za-z0-9.-]+(:[0-9]+)?(\/[^\s?#]*[^\s?#/])?$/;
const GRAFANA_URL_RULE = 'must be an https URL without a trailing slash, query or fragment, e.g. "https://grafana.example.com": alert links append /d/<uid> to it';
const quantities = z.strictObject({ cpu: z.string(), memory: z.string() });
const resources = z.strictObject({ requests: quantities, limits: quantities });
const autoscaling = z.strictObject({
  minReplicas: z.optional(z.number()),
  maxReplicas: z.optional(z.number()),
  cpuUtilization: z.optional(z.number()),
  memoryUtilization: z.optional(z.number()),
});
const sloOverride = z.strictObject({
  enabled: z.optional(z.boolean()),
  objectivePercent: z.optional(z.number()),
  period: z.optional(z.string()),
  minimumRequests: z.optional(z.number()),
});
const slos = z.strictObject({
  availability: z.optional(sloOverride),
  latency: z.optional(z.extend(sloOverride, { thresholdSeconds: z.optional(z.number()) })),
});
const thresholds = z.record(z.string(), z.union([z.number(), z.string()]));
const metric = z.strictObject({
  name: z.string(),
  type: z.enum(['counter', 'gauge', 'histogram']),
  help: z.string(),
  labels: z.array(z.string()),
  unit: z.string(),
  buckets: z.optional(z.array(z.number())),
  notDashboarded: z.optional(z.string()),
});
const ingress = z.strictObject({
  host: z.string(),
  clusterIssuer: z.string(),
  tlsSecretName: z.optional(z.string()),
  paths: z.optional(z.array(z.string())),
  ingressClassName: z.optional(z.string()),
});

export const SERVICE_SPEC_SCHEMA = z.strictObject({
  name: z.string(),
  description: z.string(),
  component: z.optional(z.string()),
  imageRepository: z.string(),
  imageTag: z.optional(z.string()),
  httpPort: z.number(),
  metricsPort: z.optional(z.number()),
  metricsPath: z.string(),
  health: z.strictObject({
    liveness: z.optional(z.string()),
    readiness: z.string(),
    startup: z.optional(z.string()),
    port: z.optional(z.number()),
  }),
  resources: z.optional(resources),
  autoscaling: z.optional(autoscaling),
  preStopDelaySeconds: z.optional(z.number()),
  dependencies: z.optional(z.array(z.strictObject({
    name: z.string(),
    port: z.number(),
    protocol: z.optional(z.enum(['TCP', 'UDP'])),
    podLabels: z.optional(labels),
    namespace: z.optional(z.string()),
  }))),
  env: z.optional(z.array(z.strictObject({ name: z.string(), value: z.string() }))),
  metrics: z.record(z.string(), metric),
  signals: z.strictObject({
    http: z.optional(z.strictObject({
      requests: metric,
      statusLabel: z.optional(z.string()),
      errors: z.optional(metric),
      duration: z.optional(metric),
      routeLabel: z.optional(z.string()),
    })),
    database: z.optional(z.strictObject({
      queryDuration: z.optional(metric),
      poolActive: z.optional(metric),
      poolIdle: z.optional(metric),
      poolTotal: z.optional(metric),
    })),
    cache: z.optional(z.strictObject({ hits: metric, misses: metric, keyTypeLabel: z.optional(z.string()) })),
  }),
  slos: z.optional(slos),
  secrets: z.optional(z.strictObject({
    targetSecretName: z.optional(z.string()),
    inventory: z.array(z.strictObject({
      envVar: z.string(),
      remoteKey: z.string(),
      property: z.optional(z.string()),
      rotationPeriodDays: z.number(),
      owner: z.enum(['Security', 'DevOps', 'Finance']),
      rotation: z.enum(['automated', 'manual']),
      lastRotated: z.optional(z.string()),
    })),
  })),
  alertThresholds: z.optional(thresholds),
});

export const ENVIRONMENT_SPEC_SCHEMA = z.strictObject({
  name: z.string(),
  tier: z.enum(['production', 'non-production']),
  namespace: z.string(),
  sharesNamespace: z.optional(z.boolean()),
  ingressNamespace: z.string(),
  monitoringNamespace: z.string(),
  monitoringSelector: labels,
  severityRouting: z.strictObject({
    critical: z.enum(['critical', 'warning', 'info']),
    warning: z.enum(['critical', 'warning', 'info']),
    info: z.enum(['critical', 'warning', 'info']),
  }),
  dataNetworkCidr: z.string(),
  imagePullSecrets: z.optional(z.array(z.string())),
  awsRegion: z.string(),
  secretKeyPrefix: z.optional(z.string()),
  capacityQuota: z.optional(z.strictObject({ cpuCores: z.number(), memoryGib: z.number() })),
  blackboxExporter: z.optional(z.strictObject({ address: z.optional(z.string()), module: z.optional(z.string()) })),
  alertRouting: z.strictObject({
    configSelector: labels,
    pages: z.boolean(),
    paging: z.optional(z.strictObject({ routingKeyRemoteKey: z.string() })),
    chat: z.strictObject({ channel: z.string(), webhookUrlRemoteKey: z.string() }),
    heartbeat: z.strictObject({ webhookUrlRemoteKey: z.string() }),
    iamRoleArn: z.string(),
  }),
  grafanaUrl: z.string().check(z.regex(GRAFANA_URL, { error: GRAFANA_URL_RULE })),
  services: z.record(z.string(), z.strictObject({
    imageTag: z.optional(z.string()),
    iamRoleArn: z.optional(z.string()),
    autoscaling: z.optional(autoscaling),
    resources: z.optional(resources),
    slos: z.optional(slos),
    ingress: z.optional(ingress),
    alertThresholds: z.optional(thresholds),
  })),
});

/** Checks a service spec's shape; throws a SpecError naming the first wrong field, with a suggestion for a misspelt one. */
export function checkServiceSpecShape(spec: ServiceSpec): void {
  checkShape(SERVICE_SPEC_SCHEMA, spec, `services.${String((spec as { name?: unknown }).name)}`);
}

export function checkEnvironmentSpecShape(spec: EnvironmentSpec): void {
  checkShape(ENVIRONMENT_SPEC_SCHEMA, spec, `environments.${String((spec as { name?: unknown }).name)}`);
}

function checkShape(schema: z.ZodMiniType, value: unknown, root: string): void {
  const result = schema.safeParse(value);
  if (result.success) return;
  const issue = result.error.issues[0];
  const path = [root, ...issue.path.map(String)].join('.');
  const found = valueAt(value, issue.path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const known = knownKeys(schema, issue.path);
    throw new SpecError(`${path}.${key}`, valueAt(value, [...issue.path, key]), `is not a known field${didYouMean(key, known)}`);
  }
  if (issue.code === 'invalid_type') throw new SpecError(path, found, `must be a ${issue.expected}, not a ${typeName(found)}`);
  if (issue.code === 'invalid_value') throw new SpecError(path, found, `must be one of ${issue.values.map((option) => JSON.stringify(option)).join(', ')}`);
  if (issue.code === 'invalid_format') throw new SpecError(path, found, issue.message);
  if (issue.code === 'invalid_union') throw new SpecError(path, found, `must be a number or a string, not a ${typeName(found)}`);
  throw new SpecError(path, found, `is invalid (${issue.code})`);
}

/** The type of a value as a spec author would name it. */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((current, key) => (current && typeof current === 'object' ? (current as Record<PropertyKey, unknown>)[key] : undefined), value);
}

/** The property names the schema allows at `path`, for "did you mean" (read from the schemas' definitions). */
function knownKeys(schema: z.ZodMiniType, path: readonly PropertyKey[]): string[] {
  let current: z.core.$ZodType | undefined = schema;
  for (const key of path) {
    const def: z.core.$ZodTypeDef | undefined = unwrap(current)?._zod.def;
    if (def?.type === 'object') current = (def as z.core.$ZodObjectDef).shape[String(key)];
    else if (def?.type === 'record') current = (def as z.core.$ZodRecordDef).valueType;
    else if (def?.type === 'array') current = (def as z.core.$ZodArrayDef).element;
    else return [];
  }
  const def = unwrap(current)?._zod.def;
  return def?.type === 'object' ? Object.keys((def as z.core.$ZodObjectDef).shape) : [];
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  while (current?._zod.def.type === 'optional') current = (current._zod.def as z.core.$ZodOptionalDef).innerType;
  return current;
}
