import type { KubernetesObject } from '../validation/schema-validation';

/**
 * What in a cluster folder a GitOps engine would fight over with another writer, one
 * message per conflict (empty when there is none):
 * - a Deployment with `spec.replicas` while an HPA scales it: every sync (and every
 *   self-heal) would reset the count the HPA chose;
 * - one object written twice: the engines apply one copy over the other on each sync.
 * A folder's charts are checked one by one, sharing `inFolder` (the identities seen so far),
 * so synth need not hold every object of a folder at once. An HPA and its Deployment share a chart.
 */
export function engineConflicts(objects: readonly KubernetesObject[], inFolder: Set<string> = new Set()): string[] {
  const conflicts: string[] = [];
  const byKey = new Map<string, KubernetesObject>();
  const keyOf = (apiVersion: string | undefined, kind: string | undefined, namespace: string | undefined, name: string | undefined) =>
    `${apiVersion}/${kind} ${namespace ?? ''}/${name ?? ''}`;
  for (const object of objects) {
    const key = keyOf(object.apiVersion, object.kind, object.metadata?.namespace, object.metadata?.name);
    if (inFolder.has(key)) conflicts.push(`${key}: written twice in one cluster folder`);
    inFolder.add(key);
    byKey.set(key, object);
  }
  for (const hpa of objects.filter((object) => object.kind === 'HorizontalPodAutoscaler')) {
    const target = (hpa.spec as { scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string } } | undefined)?.scaleTargetRef;
    const scaled = byKey.get(keyOf(target?.apiVersion, target?.kind, hpa.metadata?.namespace, target?.name));
    if (scaled && (scaled.spec as { replicas?: unknown } | undefined)?.replicas !== undefined) {
      conflicts.push(`${scaled.kind}/${scaled.metadata?.name}: sets spec.replicas while HorizontalPodAutoscaler/${hpa.metadata?.name} owns it; `
        + 'leave it out (the HPA sets the count, and each sync would reset it)');
    }
  }
  return conflicts;
}
