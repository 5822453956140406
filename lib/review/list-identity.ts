/**
 * Which element of a list in one version of a manifest is which element in the other.
 * Lists of named things (containers, ports, env, volumes, rule groups, ExternalSecret data,
 * dashboard panels and queries) are matched by their name, so inserting one item reads as
 * one added item and reordering reads as nothing; other lists are matched by position.
 */

/**
 * Fields that name a list element, most specific first: the first one an element has is
 * its identity. `alert` and `record` name Prometheus rules, `secretKey` an ExternalSecret's
 * data, `title` a Grafana panel, `refId` a panel's query.
 */
const IDENTITY_FIELDS = ['name', 'alert', 'record', 'secretKey', 'title', 'refId'] as const;

/** Element identity (`name=http`, `record=slo:sli_error:ratio_rate5m{slo="latency"}`) → element. */
export type KeyedElements = ReadonlyMap<string, unknown>;

export interface KeyedLists {
  readonly before: KeyedElements;
  readonly after: KeyedElements;
}

/** A YAML mapping: an object that is not a list. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function namingField(element: unknown): string | undefined {
  if (!isRecord(element)) return undefined;
  const field = IDENTITY_FIELDS.find((candidate) => typeof element[candidate] === 'string');
  return field === undefined ? undefined : `${field}=${element[field]}`;
}

function labelsOf(element: unknown): Record<string, unknown> {
  return isRecord(element) && isRecord(element.labels) ? element.labels : {};
}

/**
 * Label names whose values differ between elements sharing one name: Prometheus tells two
 * rules recording one series name apart by their labels (the SLO rules record
 * `slo:sli_error:ratio_rate5m` once per SLO, labelled `slo`), and so does this match.
 * Taken over both versions at once, so an element keeps the same identity in both.
 */
function distinguishingLabels(elements: readonly unknown[]): Map<string, string[]> {
  const byName = new Map<string, unknown[]>();
  for (const element of elements) {
    const name = namingField(element);
    if (name !== undefined) byName.set(name, [...(byName.get(name) ?? []), element]);
  }
  const labels = new Map<string, string[]>();
  for (const [name, sharing] of byName) {
    if (sharing.length < 2) continue;
    const keys = [...new Set(sharing.flatMap((element) => Object.keys(labelsOf(element))))].sort();
    labels.set(name, keys.filter((key) => new Set(sharing.map((element) => JSON.stringify(labelsOf(element)[key]))).size > 1));
  }
  return labels;
}

function identityOf(element: unknown, labels: ReadonlyMap<string, string[]>): string | undefined {
  const name = namingField(element);
  const keys = name === undefined ? [] : labels.get(name) ?? [];
  if (keys.length === 0) return name;
  const values = keys.map((key) => `${key}=${JSON.stringify(labelsOf(element)[key] ?? '')}`);
  return `${name}{${values.join(',')}}`;
}

/** The list as identity → element, or undefined if an element has no identity or shares one. */
function keyList(list: readonly unknown[], labels: ReadonlyMap<string, string[]>): KeyedElements | undefined {
  const keyed = new Map<string, unknown>();
  for (const element of list) {
    const identity = identityOf(element, labels);
    if (identity === undefined || keyed.has(identity)) return undefined;
    keyed.set(identity, element);
  }
  return keyed;
}

/**
 * Both versions of a list keyed by element identity, or undefined when either version
 * has an element without a unique identity: such a list is compared by position.
 */
export function keyLists(before: readonly unknown[], after: readonly unknown[]): KeyedLists | undefined {
  const labels = distinguishingLabels([...before, ...after]);
  const keyedBefore = keyList(before, labels);
  const keyedAfter = keyList(after, labels);
  return keyedBefore && keyedAfter ? { before: keyedBefore, after: keyedAfter } : undefined;
}
