import type { KubernetesObject } from '../validation/schema-validation';

/**
 * What in a cluster folder a GitOps engine would fight over with another writer, one
 * message per conflict (empty when there is none):
 * - a Deployment with `spec.replicas` while an HPA scales it: every sync (and every
 *   self-heal) would reset the count the HPA chose;
 * - one object written twice: the engines apply one copy over the other on each sync.
 */
export function engineConflicts(objects: readonly KubernetesObject[]): string[] {
  const conflicts: string[] = [];
  const seen = new Set<string>();
  for (const object of objects) {
    const key = `${object.apiVersion}/${object.kind} ${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
    if (seen.has(key)) conflicts.push(`${key}: written twice in one cluster folder`);
    seen.add(key);
  }
  for (const hpa of objects.filter((object) => object.kind === 'HorizontalPodAutoscaler')) {
    const target = (hpa.spec as { scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string } } | undefined)?.scaleTargetRef;
    const scaled = objects.find((object) => object.kind === target?.kind && object.apiVersion === target?.apiVersion
      && object.metadata?.name === target?.name && object.metadata?.namespace === hpa.metadata?.namespace);
    if (scaled && (scaled.spec as { replicas?: unknown } | undefined)?.replicas !== undefined) {
      conflicts.push(`${scaled.kind}/${scaled.metadata?.name}: sets spec.replicas while HorizontalPodAutoscaler/${hpa.metadata?.name} owns it; `
        + 'leave it out (the HPA sets the count, and each sync would reset it)');
    }
  }
  return conflicts;
}
