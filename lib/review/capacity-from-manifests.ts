import * as jsYaml from 'js-yaml';
import { parseQuantity } from '../validation/quantity';
import type { KubernetesObject } from '../validation/schema-validation';
import type { CapacityInput } from './capacity-ledger';
import { DELIVERY_FOLDER } from '../delivery/delivery-target';
import { deploymentTarget } from './deployment-target';
import type { ManifestTree } from './manifest-diff';

/* eslint-disable @typescript-eslint/no-explicit-any -- reading synthesized manifests */

const GIB = 2 ** 30;

/**
 * Capacity inputs of one environment's objects: each Deployment's summed container
 * requests, with the bounds of the HPA that scales it (or its fixed `replicas`).
 * Read off manifests, so a branch and its base are measured the same way.
 */
export function capacityInputsFromObjects(environment: string, cluster: string, objects: readonly KubernetesObject[]): CapacityInput[] {
  const hpas = objects.filter((object) => object.kind === 'HorizontalPodAutoscaler') as any[];
  return (objects.filter((object) => object.kind === 'Deployment') as any[])
    .map((deployment) => {
      const name: string = deployment.metadata.name;
      const containers: any[] = deployment.spec?.template?.spec?.containers ?? [];
      const request = (resource: 'cpu' | 'memory') => containers
        .map((container, i) => {
          const quantity = container.resources?.requests?.[resource];
          return quantity === undefined ? 0 : parseQuantity(`Deployment ${name}.containers[${i}].resources.requests.${resource}`, String(quantity));
        })
        .reduce((sum, value) => sum + value, 0);
      const hpa = hpas.find((candidate) => candidate.spec?.scaleTargetRef?.kind === 'Deployment' && candidate.spec.scaleTargetRef.name === name);
      const fixed = deployment.spec?.replicas ?? 1;
      return {
        environment,
        cluster,
        service: name,
        cpuRequestCores: request('cpu'),
        memoryRequestGib: request('memory') / GIB,
        minReplicas: hpa ? hpa.spec.minReplicas ?? 1 : fixed,
        maxReplicas: hpa ? hpa.spec.maxReplicas : fixed,
      };
    });
}

/** The (environment, cluster) folder a dist/ file deploys to (`production/eu-west-1`); undefined for the engines' files and loose ones. */
function clusterFolderOf(file: string): string | undefined {
  const target = deploymentTarget(file);
  return target.startsWith(`${DELIVERY_FOLDER}/`) || target.split('/').length !== 2 ? undefined : target;
}

/** Objects of a dist/ tree grouped by the cluster folder they deploy to (`production/eu-west-1`). */
export function objectsByCluster(tree: ManifestTree): Map<string, KubernetesObject[]> {
  const byCluster = new Map<string, KubernetesObject[]>();
  for (const file of [...tree.keys()].sort()) {
    const folder = clusterFolderOf(file);
    if (folder === undefined) continue;
    const objects = jsYaml.loadAll(tree.get(file)!).filter((doc): doc is KubernetesObject => typeof doc === 'object' && doc !== null);
    byCluster.set(folder, [...(byCluster.get(folder) ?? []), ...objects]);
  }
  return byCluster;
}

/** Capacity inputs of a whole dist/ tree (file path relative to dist/ → YAML), per cluster. */
export function capacityInputsFromManifestTree(tree: ManifestTree): CapacityInput[] {
  return [...objectsByCluster(tree)].flatMap(([folder, objects]) => {
    const [environment, cluster] = folder.split('/');
    return capacityInputsFromObjects(environment, cluster, objects);
  });
}
