import type { KubernetesObject } from '../validation/schema-validation';

/**
 * What in a cluster folder a GitOps engine would fight over with another writer, one
 * message per conflict:
 * - a Deployment with `spec.replicas` while an HPA scales it: every sync (and every
 *   self-heal) would reset the count the HPA chose;
 * - one object written twice: the engines apply one copy over the other on each sync.
 * Charts are added one by one, so synth need not hold every object of a folder at once;
 * it keeps only identities.
 */
export class EngineConflicts {
  private readonly identities = new Set<string>();
  /** Identity of each Deployment that sets `spec.replicas` → its name. */
  private readonly fixedReplicas = new Map<string, string>();
  /** Identity of each HPA's target → the HPA's name. */
  private readonly scaledBy = new Map<string, string>();

  /** Adds one chart's objects; returns the conflicts they bring (empty when none). */
  add(objects: readonly KubernetesObject[]): string[] {
    const conflicts: string[] = [];
    // Identities a replica conflict could complete at: a Deployment's own, an HPA's target.
    const touched: string[] = [];
    for (const object of objects) {
      const key = identity(object.apiVersion, object.kind, object.metadata?.namespace, object.metadata?.name);
      if (this.identities.has(key)) conflicts.push(`${key}: written twice in one cluster folder`);
      this.identities.add(key);
      if ((object.spec as { replicas?: unknown } | undefined)?.replicas !== undefined) {
        this.fixedReplicas.set(key, `${object.kind}/${object.metadata?.name}`);
        touched.push(key);
      }
      if (object.kind === 'HorizontalPodAutoscaler') {
        const target = (object.spec as { scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string } } | undefined)?.scaleTargetRef;
        const scaled = identity(target?.apiVersion, target?.kind, object.metadata?.namespace, target?.name);
        this.scaledBy.set(scaled, `HorizontalPodAutoscaler/${object.metadata?.name}`);
        touched.push(scaled);
      }
    }
    // The Deployment and its HPA may come in either order, in this chart or an earlier one.
    for (const key of new Set(touched)) {
      const fixed = this.fixedReplicas.get(key);
      const hpa = this.scaledBy.get(key);
      if (fixed && hpa) conflicts.push(`${fixed}: sets spec.replicas while ${hpa} owns it; leave it out (the HPA sets the count, and each sync would reset it)`);
    }
    return conflicts;
  }
}

function identity(apiVersion: string | undefined, kind: string | undefined, namespace: string | undefined, name: string | undefined): string {
  return `${apiVersion}/${kind} ${namespace ?? ''}/${name ?? ''}`;
}

/** The conflicts within one set of objects (a whole folder, or one chart). */
export function engineConflicts(objects: readonly KubernetesObject[]): string[] {
  return new EngineConflicts().add(objects);
}
