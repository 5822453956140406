import type { KubernetesObject } from '../validation/schema-validation';
import { deliveryStageOf } from './delivery-order';

/** Argo CD applies a folder wave by wave, lowest first, each wave healthy before the next. */
const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
const ARGO_CD_SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';
const FLUX_PRUNE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/prune';

/**
 * A Namespace is never deleted by an engine: deleting it deletes everything in it, the
 * Secrets External Secrets wrote included. `Prune=false` keeps it when it leaves `dist/`;
 * `Delete=false` keeps it when its Application is deleted (a cluster leaving the plan, an
 * ApplicationSet deleted by mistake). Flux's `disabled` covers both for a Kustomization.
 */
const NAMESPACE_ARGO_CD_SYNC_OPTIONS = 'Prune=false,Delete=false';
const NAMESPACE_FLUX_PRUNE = 'disabled';

/**
 * Every object of a cluster folder with the annotations the engines read: its sync wave
 * (from DELIVERY_STAGES), and on Namespaces the options that keep them. Pure: returns
 * copies, in the same order; a kind without a stage throws (deliveryStageOf).
 */
export function withDeliveryAnnotations(objects: readonly KubernetesObject[]): KubernetesObject[] {
  return objects.map((object) => {
    const added: Record<string, string> = { [SYNC_WAVE_ANNOTATION]: String(deliveryStageOf(object).wave) };
    if (object.apiVersion === 'v1' && object.kind === 'Namespace') {
      added[ARGO_CD_SYNC_OPTIONS_ANNOTATION] = NAMESPACE_ARGO_CD_SYNC_OPTIONS;
      added[FLUX_PRUNE_ANNOTATION] = NAMESPACE_FLUX_PRUNE;
    }
    const metadata: KubernetesObject['metadata'] & { readonly annotations?: Readonly<Record<string, string>> } = object.metadata ?? {};
    return { ...object, metadata: { ...metadata, annotations: { ...metadata.annotations, ...added } } };
  });
}
