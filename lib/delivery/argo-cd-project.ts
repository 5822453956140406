import { SCHEMA_MODULES } from '../validation/schema-models';
import { DELIVERY_STAGES } from './delivery-order';

/** A kind an AppProject lets its Applications manage. */
interface ProjectKind {
  readonly group: string;
  readonly kind: string;
}

/**
 * The only cluster-scoped kind a cluster folder holds; every other object carries the
 * workload namespace (test/delivery/cluster-folders.test.ts holds this over the plan).
 */
export const CLUSTER_SCOPED_KINDS: readonly string[] = ['Namespace'];

/** The API group of each kind the project emits, read from the schema registry (`apiVersion/kind` keys). */
function groupOf(kind: string): string {
  const groups = new Set(Object.keys(SCHEMA_MODULES)
    .filter((key) => key.endsWith(`/${kind}`))
    .map((key) => {
      const apiVersion = key.slice(0, -(kind.length + 1));
      return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    }));
  if (groups.size !== 1) {
    throw new Error(`kind ${kind} of DELIVERY_STAGES has ${groups.size === 0 ? 'no schema' : `schemas in several groups (${[...groups].join(', ')})`} `
      + 'in SCHEMA_MODULES (lib/validation/schema-models.ts): the AppProject cannot name its group');
  }
  return [...groups][0];
}

/** Every kind of DELIVERY_STAGES with its group, in the table's order. */
function stageKinds(): ProjectKind[] {
  return DELIVERY_STAGES.flatMap((stage) => stage.kinds.map((kind) => ({ group: groupOf(kind), kind })));
}

/** The cluster-scoped kinds an environment's Applications may manage: the Namespace only. */
export function clusterResourceKinds(): ProjectKind[] {
  return stageKinds().filter(({ kind }) => CLUSTER_SCOPED_KINDS.includes(kind));
}

/** The namespaced kinds they may manage: exactly the other kinds of DELIVERY_STAGES. */
export function namespaceResourceKinds(): ProjectKind[] {
  return stageKinds().filter(({ kind }) => !CLUSTER_SCOPED_KINDS.includes(kind));
}
