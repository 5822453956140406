import { z } from 'zod';
import { didYouMean } from '../validation/did-you-mean';
import { SpecError } from '../validation/errors';
import type { EnvironmentSpec } from './environment-spec';
import type { ServiceSpec } from './service-spec';

/**
 * The shape of service and environment specs, checked strictly at synth: synth runs
 * without type-checking, so a misspelt property (`minReplica`) would otherwise be
 * silently ignored. Value rules (ranges, names, cross-field rules) stay with the code
 * that uses the value; these schemas reject what TypeScript would have rejected.
 */

const labels = z.record(z.string(), z.string());
const quantities = z.strictObject({ cpu: z.string(), memory: z.string() });
const resources = z.strictObject({ requests: quantities, limits: quantities });
const autoscaling = z.strictObject({
  minReplicas: z.number().optional(),
  maxReplicas: z.number().optional(),
  cpuUtilization: z.number().optional(),
  memoryUtilization: z.number().optional(),
});
const sloOverride = z.strictObject({
  enabled: z.boolean().optional(),
  objectivePercent: z.number().optional(),
  period: z.string().optional(),
  minimumRequests: z.number().optional(),
});
const slos = z.strictObject({
  availability: sloOverride.optional(),
  latency: sloOverride.extend({ thresholdSeconds: z.number().optional() }).optional(),
});
const thresholds = z.record(z.string(), z.union([z.number(), z.string()]));
const metric = z.strictObject({
  name: z.string(),
  type: z.enum(['counter', 'gauge', 'histogram']),
  help: z.string(),
  labels: z.array(z.string()),
  unit: z.string(),
  buckets: z.array(z.number()).optional(),
});
const ingress = z.strictObject({
  host: z.string(),
  clusterIssuer: z.string(),
  tlsSecretName: z.string().optional(),
  paths: z.array(z.string()).optional(),
  ingressClassName: z.string().optional(),
});

export const SERVICE_SPEC_SCHEMA = z.strictObject({
  name: z.string(),
  description: z.string(),
  component: z.string().optional(),
  imageRepository: z.string(),
  imageTag: z.string().optional(),
  httpPort: z.number(),
  metricsPort: z.number().optional(),
  metricsPath: z.string(),
  health: z.strictObject({
    liveness: z.string().optional(),
    readiness: z.string(),
    startup: z.string().optional(),
    port: z.number().optional(),
  }),
  resources: resources.optional(),
  autoscaling: autoscaling.optional(),
  preStopDelaySeconds: z.number().optional(),
  dependencies: z.array(z.strictObject({
    name: z.string(),
    port: z.number(),
    protocol: z.enum(['TCP', 'UDP']).optional(),
    podLabels: labels.optional(),
    namespace: z.string().optional(),
  })).optional(),
  env: z.array(z.strictObject({ name: z.string(), value: z.string() })).optional(),
  metrics: z.record(z.string(), metric),
  signals: z.strictObject({
    http: z.strictObject({
      requests: metric,
      statusLabel: z.string().optional(),
      errors: metric.optional(),
      duration: metric.optional(),
      routeLabel: z.string().optional(),
    }).optional(),
    database: z.strictObject({
      queryDuration: metric.optional(),
      poolActive: metric.optional(),
      poolIdle: metric.optional(),
      poolTotal: metric.optional(),
    }).optional(),
    cache: z.strictObject({ hits: metric, misses: metric, keyTypeLabel: z.string().optional() }).optional(),
  }),
  slos: slos.optional(),
  secrets: z.strictObject({
    targetSecretName: z.string().optional(),
    inventory: z.array(z.strictObject({
      envVar: z.string(),
      remoteKey: z.string(),
      property: z.string().optional(),
      rotationPeriodDays: z.number(),
      owner: z.enum(['Security', 'DevOps', 'Finance']),
      rotation: z.enum(['automated', 'manual']),
      lastRotated: z.string().optional(),
    })),
  }).optional(),
  alertThresholds: thresholds.optional(),
});

export const ENVIRONMENT_SPEC_SCHEMA = z.strictObject({
  name: z.string(),
  tier: z.enum(['production', 'non-production']),
  namespace: z.string(),
  sharesNamespace: z.boolean().optional(),
  ingressNamespace: z.string(),
  monitoringNamespace: z.string(),
  monitoringSelector: labels,
  severityRouting: z.strictObject({
    critical: z.enum(['critical', 'warning', 'info']),
    warning: z.enum(['critical', 'warning', 'info']),
    info: z.enum(['critical', 'warning', 'info']),
  }),
  dataNetworkCidr: z.string(),
  imagePullSecrets: z.array(z.string()).optional(),
  awsRegion: z.string(),
  secretKeyPrefix: z.string().optional(),
  capacityQuota: z.strictObject({ cpuCores: z.number(), memoryGib: z.number() }).optional(),
  alertRouting: z.strictObject({
    configSelector: labels,
    pages: z.boolean(),
    paging: z.strictObject({ routingKeyRemoteKey: z.string() }).optional(),
    chat: z.strictObject({ channel: z.string(), webhookUrlRemoteKey: z.string() }),
    iamRoleArn: z.string(),
  }),
  services: z.record(z.string(), z.strictObject({
    imageTag: z.string().optional(),
    iamRoleArn: z.string().optional(),
    autoscaling: autoscaling.optional(),
    resources: resources.optional(),
    slos: slos.optional(),
    ingress: ingress.optional(),
    alertThresholds: thresholds.optional(),
  })),
});

/** Checks a service spec's shape; throws a SpecError naming the first wrong field, with a suggestion for a misspelt one. */
export function checkServiceSpecShape(spec: ServiceSpec): void {
  checkShape(SERVICE_SPEC_SCHEMA, spec, `services.${String((spec as { name?: unknown }).name)}`);
}

export function checkEnvironmentSpecShape(spec: EnvironmentSpec): void {
  checkShape(ENVIRONMENT_SPEC_SCHEMA, spec, `environments.${String((spec as { name?: unknown }).name)}`);
}

function checkShape(schema: z.ZodType, value: unknown, root: string): void {
  const result = schema.safeParse(value);
  if (result.success) return;
  const issue = result.error.issues[0];
  const path = [root, ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const known = knownKeys(schema, issue.path);
    throw new SpecError(`${path}.${key}`, valueAt(value, [...issue.path, key]), `is not a known field${didYouMean(key, known)}`);
  }
  const expected = /^Invalid input: expected (\w+), received (\w+)/.exec(issue.message);
  throw new SpecError(path, valueAt(value, issue.path), expected ? `must be a ${expected[1]}, not a ${expected[2]}` : `is invalid: ${issue.message}`);
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((current, key) => (current && typeof current === 'object' ? (current as Record<PropertyKey, unknown>)[key] : undefined), value);
}

/** The property names the schema allows at `path`, for "did you mean". */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = schema;
  for (const key of path) {
    current = unwrap(current);
    if (current instanceof z.ZodObject) current = current.shape[String(key)];
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else return [];
  }
  current = unwrap(current);
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
  return current;
}
