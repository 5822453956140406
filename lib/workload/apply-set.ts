import { createHash } from 'crypto';

/**
 * Pruning by ApplySet (KEP-3659): `kubectl apply` alone never deletes, so an object
 * removed from `dist/` would keep running. With `--applyset`, kubectl records the set of
 * group-kinds it applied on a parent object, labels every object it applies as a
 * member, and deletes members that are no longer in the input.
 *
 * kubectl owns both: it creates and updates the parent itself (ConfigMap and Secret
 * parents need no CRD), refuses a parent whose `applyset.kubernetes.io/tooling` names
 * another tool, and refuses input that already carries the `part-of` label ("ApplySet
 * label ... already set in input data"). So this module does not write either into the
 * manifests; it names the parent, computes the values kubectl will write (for the
 * preflight, the docs and reviews) and checks that synthesized objects leave them alone.
 */
export const APPLYSET = {
  idLabel: 'applyset.kubernetes.io/id',
  partOfLabel: 'applyset.kubernetes.io/part-of',
  toolingAnnotation: 'applyset.kubernetes.io/tooling',
  groupKindsAnnotation: 'applyset.kubernetes.io/contains-group-kinds',
  /** The tool that owns the parent: kubectl writes `kubectl/<its version>`. */
  tooling: 'kubectl',
  /** `kubectl apply --applyset` is alpha: it only runs with this variable set. */
  enableVariable: 'KUBECTL_APPLYSET=true',
} as const;

/** What the ApplySet of an environment is keyed on. */
export interface ApplySetEnvironment {
  /** `staging`, `production`: the folder under `dist/`. */
  readonly name: string;
  readonly namespace: string;
}

/** The parent object of a set (group "" is the core API group). */
export interface ApplySetParentRef {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly group: '';
  /** Plural resource name, as `--applyset=<resource>/<name>` takes it. */
  readonly resource: 'configmaps' | 'secrets';
  readonly name: string;
  readonly namespace: string;
}

/** One set per environment: ConfigMap `applyset-<env>` in the environment's namespace. */
export function environmentApplySet(environment: ApplySetEnvironment): ApplySetParentRef {
  return { kind: 'ConfigMap', group: '', resource: 'configmaps', name: `applyset-${environment.name}`, namespace: environment.namespace };
}

/**
 * The set's id, the value of the parent's `applyset.kubernetes.io/id` label and of each
 * member's `part-of` label: `applyset-` + unpadded base64url(sha256(`<name>.<namespace>.<kind>.<group>`)) + `-v1`.
 */
export function applySetId(parent: ApplySetParentRef): string {
  const digest = createHash('sha256').update([parent.name, parent.namespace, parent.kind, parent.group].join('.')).digest('base64url');
  return `applyset-${digest}-v1`;
}

/**
 * Creates the namespace on its own first: kubectl writes the parent into the namespace
 * before it applies anything, so on a new cluster the set's first apply needs it to exist.
 */
export function namespaceBootstrapCommand(namespaceFile: string, distDir = 'dist'): string {
  return `kubectl apply -f ${distDir}/${namespaceFile}`;
}

/**
 * The deploy command of one cluster: applies its folder (`-R`: both layer folders, the
 * foundation first) and deletes what left it since the last apply. The set has the same
 * name in every cluster of the environment; each cluster holds its own.
 */
export function applyCommand(environment: ApplySetEnvironment, clusterFolder: string, distDir = 'dist'): string {
  const parent = environmentApplySet(environment);
  return `${APPLYSET.enableVariable} kubectl apply -n ${environment.namespace} --prune --applyset=${parent.resource}/${parent.name} -R -f ${distDir}/${clusterFolder}/`;
}
