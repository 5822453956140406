import { DELIVERY_FOLDER } from '../delivery/delivery-target';

/**
 * Where the objects of a dist/ file are applied, read off its path (relative to dist/):
 *
 * - `<environment>/<cluster>/<layer>/<chart>.k8s.yaml` → `<environment>/<cluster>`: one
 *   cluster's foundation and workloads are one target, so an object moving between its
 *   layers or files is the same object in the same cluster;
 * - `<environment>/<chart>.k8s.yaml` (one cluster per environment) → `<environment>`;
 * - `delivery/…/<name>.k8s.yaml` → `delivery/…/<name>`: each file of GitOps engine objects
 *   is a target of its own (`delivery/argo-cd/production`, `delivery/flux/production/eu-west-1`),
 *   since each is applied on its own, and two Flux files hold objects of the same name for
 *   two clusters;
 * - a file directly in dist/ → `(top level)`.
 */
const TOP_LEVEL_TARGET = '(top level)';

export function deploymentTarget(file: string): string {
  const segments = file.split(/[\\/]/);
  if (segments[0] === DELIVERY_FOLDER) return segments.join('/').replace(/(\.k8s)?\.ya?ml$/, '');
  const folders = segments.slice(0, -1);
  return folders.length === 0 ? TOP_LEVEL_TARGET : folders.slice(0, 2).join('/');
}
