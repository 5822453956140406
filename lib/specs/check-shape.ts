import * as z from 'zod/mini';
import { didYouMean } from '../validation/did-you-mean';
import { SpecError } from '../validation/errors';
import { DELIVERY_SPEC, type DeliverySpec } from './delivery-spec';
import { ENVIRONMENT_SPEC, type EnvironmentSpec } from './environment-spec';
import { SERVICE_SPEC, type ServiceSpec } from './service-spec';

/**
 * Specs are checked against their schemas strictly at synth: synth runs without
 * type-checking, so a misspelt property (`minReplica`) would otherwise be silently
 * ignored. These schemas reject what TypeScript would have rejected.
 */

/** Checks a service spec's shape; throws a SpecError naming the first wrong field, with a suggestion for a misspelt one. */
export function checkServiceSpecShape(spec: ServiceSpec): void {
  checkShape(SERVICE_SPEC, spec, `services.${String((spec as { name?: unknown }).name)}`);
}

export function checkEnvironmentSpecShape(spec: EnvironmentSpec): void {
  checkShape(ENVIRONMENT_SPEC, spec, `environments.${String((spec as { name?: unknown }).name)}`);
}

export function checkDeliverySpecShape(spec: DeliverySpec): void {
  checkShape(DELIVERY_SPEC, spec, 'delivery');
}

/** Fields older specs had, with what took their place: an old spec is told the way forward, not just "not a known field". */
const RETIRED_FIELDS: Readonly<Record<string, string>> = {
  ingressNamespace: 'was removed with ingress-nginx (retired March 2026): the network policies admit the namespace of the environment\'s Gateway, '
    + '`gateway.namespace` (default "gateway-system")',
  ingress: 'was replaced by `publicRoute` (an HTTPRoute on the environment\'s Gateway): move host, clusterIssuer and tlsSecretName there, '
    + 'and the paths to the service spec\'s `publicPaths`',
  ingressClassName: 'was removed with ingress-nginx: the route attaches to the environment\'s `gateway` at the listener `publicRoute.listener`',
  paths: 'moved to the service spec\'s `publicPaths` (the same in every environment)',
};

function checkShape(schema: z.ZodMiniType, value: unknown, root: string): void {
  const result = schema.safeParse(value);
  if (result.success) return;
  const issue = result.error.issues[0];
  const path = fieldPath(root, issue.path);
  const found = valueAt(value, issue.path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const known = knownKeys(schema, issue.path);
    const retired = RETIRED_FIELDS[key];
    throw new SpecError(`${path}.${key}`, valueAt(value, [...issue.path, key]), retired ? `is no longer a field: it ${retired}` : `is not a known field${didYouMean(key, known)}`);
  }
  if (issue.code === 'invalid_type') {
    throw new SpecError(path, found, found === undefined ? `must be set (a required ${issue.expected})` : `must be ${withArticle(issue.expected)}, not ${withArticle(typeName(found))}`);
  }
  if (issue.code === 'invalid_value') throw new SpecError(path, found, `must be one of ${issue.values.map((option) => JSON.stringify(option)).join(', ')}`);
  if (issue.code === 'invalid_format') throw new SpecError(path, found, issue.message);
  throw new SpecError(path, found, `is invalid (${issue.code})`);
}

/** A field as the spec writes it: `secrets.inventory[0].owner`. */
function fieldPath(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((field, key) => (typeof key === 'number' ? `${field}[${key}]` : `${field}.${String(key)}`), root);
}

/** `an object`, `a string`; null and NaN are named bare. */
function withArticle(type: string): string {
  if (type === 'null' || type === 'NaN') return type;
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
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
