import * as jsYaml from 'js-yaml';

/**
 * A per-object semantic diff of two `dist/` trees: which objects were added or
 * removed, and for changed ones, which fields changed from what to what. Key order
 * and YAML formatting do not count; arrays are compared by index.
 *
 * Deletions are listed apart: `kubectl apply --prune --applyset` deletes every object of
 * an environment that is no longer in its folder, and that is the line a reviewer must
 * not miss. An object that only moved to another file of the same environment is not deleted.
 */

/** File path (relative to dist/) → YAML text. */
export type ManifestTree = ReadonlyMap<string, string>;

interface ObjectChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface ManifestDiff {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: { readonly object: string; readonly changes: ObjectChange[] }[];
  /** Objects the next apply deletes, e.g. `production: Deployment.apps reconciliation-platform/aion-monitoring`. */
  readonly deleted: string[];
}

export function diffManifests(before: ManifestTree, after: ManifestTree): ManifestDiff {
  const old = indexObjects(before);
  const now = indexObjects(after);
  const added = [...now.keys()].filter((key) => !old.has(key)).sort();
  const removed = [...old.keys()].filter((key) => !now.has(key)).sort();
  const changed = [...now.keys()]
    .filter((key) => old.has(key))
    .sort()
    .map((key) => ({ object: key, changes: diffValues(old.get(key), now.get(key), '') }))
    .filter((entry) => entry.changes.length > 0);
  const remaining = new Set(clusterIdentities(after).keys());
  const deleted = [...clusterIdentities(before).keys()].filter((identity) => !remaining.has(identity)).sort();
  return { added, removed, changed, deleted };
}

/**
 * Objects as the cluster knows them: environment folder, group-kind, namespace and name
 * (the file they were written to does not matter).
 */
function clusterIdentities(tree: ManifestTree): Map<string, unknown> {
  const identities = new Map<string, unknown>();
  for (const [file, text] of tree) {
    const environment = file.includes('/') ? file.slice(0, file.indexOf('/')) : '.';
    for (const document of jsYaml.loadAll(text)) {
      if (!document || typeof document !== 'object') continue;
      const object = document as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } };
      const group = object.apiVersion?.includes('/') ? `.${object.apiVersion.slice(0, object.apiVersion.lastIndexOf('/'))}` : '';
      const namespace = object.metadata?.namespace ? `${object.metadata.namespace}/` : '';
      identities.set(`${environment}: ${object.kind}${group} ${namespace}${object.metadata?.name}`, object);
    }
  }
  return identities;
}

/** `production/reconciliation-backend.k8s.yaml: Deployment reconciliation-platform/reconciliation-backend` → object. */
function indexObjects(tree: ManifestTree): Map<string, unknown> {
  const objects = new Map<string, unknown>();
  for (const [file, text] of tree) {
    for (const document of jsYaml.loadAll(text)) {
      if (!document || typeof document !== 'object') continue;
      const object = document as { kind?: string; metadata?: { name?: string; namespace?: string } };
      const namespace = object.metadata?.namespace ? `${object.metadata.namespace}/` : '';
      objects.set(`${file}: ${object.kind} ${namespace}${object.metadata?.name}`, object);
    }
  }
  return objects;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function diffValues(before: unknown, after: unknown, path: string): ObjectChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffValues(before[key], after[key], `${path}.${key}`));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => diffValues(before[i], after[i], `${path}[${i}]`)).flat();
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '.', before, after }];
}

const MAX_VALUE_LENGTH = 120;

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}… (${text.length} chars)` : text;
}

/** Markdown for a pull-request comment. */
export function renderManifestDiff(diff: ManifestDiff, title = 'dist/ changes'): string {
  const lines = [`### ${title}`, ''];
  if (!diff.added.length && !diff.removed.length && !diff.changed.length) {
    return `${lines.join('\n')}No object in dist/ changes.\n`;
  }
  if (diff.deleted.length) {
    lines.push(`#### Deleted from the cluster by the next apply (${diff.deleted.length})`, '');
    for (const object of diff.deleted) lines.push(`- **deleted** ${object}`);
    lines.push('', '#### All changes', '');
  }
  lines.push(`${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`, '');
  for (const object of diff.added) lines.push(`- **added** ${object}`);
  for (const object of diff.removed) lines.push(`- **removed** ${object}`);
  for (const { object, changes } of diff.changed) {
    lines.push(`- **changed** ${object}`);
    for (const change of changes) {
      if (change.before === undefined) lines.push(`  - \`${change.path}\` added: ${show(change.after)}`);
      else if (change.after === undefined) lines.push(`  - \`${change.path}\` removed (was ${show(change.before)})`);
      else lines.push(`  - \`${change.path}\`: ${show(change.before)} → ${show(change.after)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
