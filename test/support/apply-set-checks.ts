import { check } from '../../lib/validation/errors';
import type { KubernetesObject } from '../../lib/validation/schema-validation';
import { APPLYSET, type ApplySetEnvironment, applySetId, environmentApplySet } from '../../lib/workload/apply-set';

/** What kubectl --applyset does with the objects of dist/<env>/, for the tests that check pruning. */

/** The label kubectl puts on each object of the environment: select members with it (`kubectl get -l`), never write it. */
export function applySetPartOfLabel(environment: ApplySetEnvironment): Record<string, string> {
  return { [APPLYSET.partOfLabel]: applySetId(environmentApplySet(environment)) };
}

/** `Kind.group`, or `Kind` for the core group, as kubectl spells a group-kind. */
export function groupKind(object: Pick<KubernetesObject, 'apiVersion' | 'kind'>): string {
  const slash = object.apiVersion.lastIndexOf('/');
  return slash < 0 ? object.kind : `${object.kind}.${object.apiVersion.slice(0, slash)}`;
}

/** The parent's `contains-group-kinds` annotation after applying `objects`: sorted, unique, comma-separated. */
export function containsGroupKinds(objects: readonly Pick<KubernetesObject, 'apiVersion' | 'kind'>[]): string {
  return [...new Set(objects.map(groupKind))].sort().join(',');
}

/** Fails on the first object carrying an ApplySet label: kubectl would refuse the whole apply. */
export function checkNoApplySetLabels(source: string, objects: readonly KubernetesObject[]): void {
  for (const object of objects) {
    const labels = (object.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {};
    const key = Object.keys(labels).find((label) => label.startsWith('applyset.kubernetes.io/'));
    check(key === undefined, `${source}: ${object.kind}/${object.metadata?.name} metadata.labels.${key}`, labels[key!],
      'must not be set: kubectl --applyset writes the ApplySet labels itself and refuses input that has them');
  }
}
