import * as jsYaml from 'js-yaml';
import { deploymentTarget } from './deployment-target';
import { isRecord, keyLists } from './list-identity';

/**
 * A per-object semantic diff of two `dist/` trees, grouped by deployment target (an
 * environment's cluster, see deployment-target.ts): which objects each target gains and
 * loses, and for changed ones, which fields changed from what to what. Key order and YAML
 * formatting do not count; lists of named things are matched by name (list-identity.ts),
 * so a path reads `spec.groups[name=reconciliation-backend.database].rules[alert=…].expr`.
 *
 * An object is known by its target, group-kind, namespace and name, as the cluster knows
 * it: moving it to another file or layer of the same target changes nothing. An object gone
 * from a target is what the next apply deletes there (`kubectl apply --prune --applyset`
 * prunes what left the folder; so does a GitOps engine that prunes its source), so the diff
 * has no "removed" apart from "deleted", and renders deletions first. JSON held in a string
 * (a dashboard in a ConfigMap) is compared as JSON, so its formatting does not count either.
 */

/** File path (relative to dist/) → YAML text. */
export type ManifestTree = ReadonlyMap<string, string>;

export interface FieldChange {
  /** `spec.template.spec.containers[name=api].image`; `.` for the whole object. */
  readonly path: string;
  /** Absent when the field or list item was added. */
  readonly before?: unknown;
  /** Absent when the field or list item was removed. */
  readonly after?: unknown;
}

export interface ChangedObject {
  /** `Deployment.apps reconciliation-platform/reconciliation-backend`. */
  readonly object: string;
  readonly changes: FieldChange[];
}

export interface TargetDiff {
  /** `production/eu-west-1`, `production` in the one-cluster layout, or a `delivery/…` folder. */
  readonly target: string;
  readonly added: string[];
  readonly changed: ChangedObject[];
  /** Objects the next apply deletes from this target. */
  readonly deleted: string[];
}

export interface ManifestDiff {
  /** Only the targets the change touches, sorted. */
  readonly targets: TargetDiff[];
}

interface ManifestObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

/** `Deployment.apps reconciliation-platform/api`: group-kind as kubectl spells it, then namespace/name. */
function objectIdentity(object: ManifestObject): string {
  const apiVersion = object.apiVersion ?? '';
  const group = apiVersion.includes('/') ? `.${apiVersion.slice(0, apiVersion.lastIndexOf('/'))}` : '';
  const namespace = object.metadata?.namespace ? `${object.metadata.namespace}/` : '';
  return `${object.kind}${group} ${namespace}${object.metadata?.name}`;
}

/** Target → object identity → object; the file an object sits in does not matter. */
function objectsByTarget(tree: ManifestTree): Map<string, Map<string, unknown>> {
  const targets = new Map<string, Map<string, unknown>>();
  for (const file of [...tree.keys()].sort()) {
    const target = deploymentTarget(file);
    const objects = targets.get(target) ?? new Map<string, unknown>();
    for (const document of jsYaml.loadAll(tree.get(file)!)) {
      if (document && typeof document === 'object') objects.set(objectIdentity(document as ManifestObject), document);
    }
    targets.set(target, objects);
  }
  return targets;
}

function diffTarget(target: string, old: ReadonlyMap<string, unknown>, now: ReadonlyMap<string, unknown>): TargetDiff {
  const added = [...now.keys()].filter((identity) => !old.has(identity)).sort();
  const deleted = [...old.keys()].filter((identity) => !now.has(identity)).sort();
  const changed = [...now.keys()]
    .filter((identity) => old.has(identity))
    .sort()
    .map((identity) => ({ object: identity, changes: diffValues(old.get(identity), now.get(identity), '') }))
    .filter((entry) => entry.changes.length > 0);
  return { target, added, changed, deleted };
}

export function diffManifests(before: ManifestTree, after: ManifestTree): ManifestDiff {
  const old = objectsByTarget(before);
  const now = objectsByTarget(after);
  const targets = [...new Set([...old.keys(), ...now.keys()])].sort()
    .map((target) => diffTarget(target, old.get(target) ?? new Map(), now.get(target) ?? new Map()))
    .filter((entry) => entry.added.length + entry.changed.length + entry.deleted.length > 0);
  return { targets };
}

/** The targets a change touches: `production/eu-west-1, production/us-east-1`. */
export function touchedTargets(diff: ManifestDiff): string[] {
  return diff.targets.map((entry) => entry.target);
}

/** `metadata.name`, but `metadata.labels["app.kubernetes.io/name"]` where a dot would mislead. */
function fieldPath(path: string, key: string): string {
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

/** A JSON object or list held in a string (a dashboard in a ConfigMap), else undefined. */
function embeddedJson(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function diffLists(before: readonly unknown[], after: readonly unknown[], path: string): FieldChange[] {
  const keyed = keyLists(before, after);
  if (!keyed) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => diffValues(before[i], after[i], `${path}[${i}]`)).flat();
  }
  // Items in their new order, then the ones that left.
  const identities = [...new Set([...keyed.after.keys(), ...keyed.before.keys()])];
  return identities.flatMap((identity) => diffValues(keyed.before.get(identity), keyed.after.get(identity), `${path}[${identity}]`));
}

function diffValues(before: unknown, after: unknown, path: string): FieldChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffValues(before[key], after[key], fieldPath(path, key)));
  }
  if (Array.isArray(before) && Array.isArray(after)) return diffLists(before, after, path);
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (typeof before === 'string' && typeof after === 'string') {
    const [parsedBefore, parsedAfter] = [embeddedJson(before), embeddedJson(after)];
    if (parsedBefore !== undefined && parsedAfter !== undefined) return diffValues(parsedBefore, parsedAfter, path);
  }
  return [{ path: path || '.', before, after }];
}

const MAX_VALUE_LENGTH = 120;

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}… (${text.length} chars)` : text;
}

function renderChange(change: FieldChange): string {
  if (change.before === undefined) return `  - \`${change.path}\` added: ${show(change.after)}`;
  if (change.after === undefined) return `  - \`${change.path}\` removed (was ${show(change.before)})`;
  return `  - \`${change.path}\`: ${show(change.before)} → ${show(change.after)}`;
}

/** What the next apply deletes, per target, ahead of everything else: the line a reviewer must not miss. */
function renderDeletions(targets: readonly TargetDiff[]): string[] {
  const deleting = targets.filter((entry) => entry.deleted.length > 0);
  if (deleting.length === 0) return [];
  const count = deleting.reduce((sum, entry) => sum + entry.deleted.length, 0);
  return [
    `#### Deleted from the cluster by the next apply (${count})`,
    ...deleting.flatMap((entry) => ['', `**${entry.target}** (${entry.deleted.length}):`, '', ...entry.deleted.map((object) => `- **deleted** ${object}`)]),
    '',
  ];
}

function renderTarget(entry: TargetDiff): string[] {
  const deleted = entry.deleted.length ? `, ${entry.deleted.length} deleted (listed above)` : '';
  const items = [
    ...entry.added.map((object) => `- **added** ${object}`),
    ...entry.changed.flatMap(({ object, changes }) => [`- **changed** ${object}`, ...changes.map(renderChange)]),
  ];
  return [`#### ${entry.target}: ${entry.added.length} added, ${entry.changed.length} changed${deleted}`, '', ...items, ...(items.length ? [''] : [])];
}

/** Markdown for `npm run diff` and the pull-request comment. */
export function renderManifestDiff(diff: ManifestDiff, title = 'dist/ changes'): string {
  const heading = [`### ${title}`, ''];
  if (diff.targets.length === 0) return `${heading.join('\n')}No object in dist/ changes.\n`;
  const lines = [
    ...heading,
    `Touches: ${touchedTargets(diff).join(', ')}`,
    '',
    ...renderDeletions(diff.targets),
    ...diff.targets.flatMap(renderTarget),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
