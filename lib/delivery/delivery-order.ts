import * as path from 'path';
import type { KubernetesObject } from '../validation/schema-validation';

/**
 * The order a cluster's objects are applied in, one table for every engine: Argo CD reads
 * the wave (`argocd.argoproj.io/sync-wave`), Flux the layer (one Kustomization per layer,
 * the workloads one `dependsOn` the foundation), kubectl the folder order
 * (`foundation/` sorts before `workloads/`).
 *
 * Foundation is what a pod needs before it starts: its Namespace and ServiceAccount, and
 * the Secret External Secrets writes. Monitoring comes last so that a rule never pages on a
 * workload that is still rolling out.
 */
export type DeliveryLayer = 'foundation' | 'workloads';

interface DeliveryStage {
  readonly wave: number;
  readonly layer: DeliveryLayer;
  readonly kinds: readonly string[];
}

export const DELIVERY_STAGES: readonly DeliveryStage[] = [
  { wave: 0, layer: 'foundation', kinds: ['Namespace', 'ServiceAccount'] },
  { wave: 1, layer: 'foundation', kinds: ['SecretStore'] },
  { wave: 2, layer: 'foundation', kinds: ['ExternalSecret'] },
  {
    wave: 3,
    layer: 'workloads',
    kinds: ['NetworkPolicy', 'Service', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Certificate', 'ReferenceGrant', 'HTTPRoute'],
  },
  // Every ConfigMap here is monitoring: a dashboard, or the alert routing's templates.
  { wave: 4, layer: 'workloads', kinds: ['ServiceMonitor', 'PrometheusRule', 'Probe', 'AlertmanagerConfig', 'ConfigMap'] },
];

export const DELIVERY_LAYERS: readonly DeliveryLayer[] = ['foundation', 'workloads'];

const STAGE_BY_KIND = new Map(DELIVERY_STAGES.flatMap((stage) => stage.kinds.map((kind) => [kind, stage] as const)));

/** The stage of an object; a kind without one fails synth, so a new kind is placed on purpose. */
export function deliveryStageOf(object: KubernetesObject): DeliveryStage {
  const stage = STAGE_BY_KIND.get(object.kind);
  if (!stage) throw new Error(`${object.kind}/${object.metadata?.name ?? '<unnamed>'}: no delivery stage for kind ${object.kind}; add it to DELIVERY_STAGES in lib/delivery/delivery-order.ts`);
  return stage;
}

/** Where a chart's objects of one layer are written: `production/eu-west-1/x.k8s.yaml` → `production/eu-west-1/workloads/x.k8s.yaml`. */
export function layerFile(chartFile: string, layer: DeliveryLayer): string {
  return path.posix.join(path.posix.dirname(chartFile), layer, path.posix.basename(chartFile));
}
