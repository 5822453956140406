import { PLATFORM } from '../charts/environment-labels';
import type { EnvironmentSpec } from '../specs/environment-spec';
import { check } from '../validation/errors';
import { checkDnsLabel } from '../validation/names';

/**
 * One (environment, cluster) pair a GitOps engine deploys: the folder `dist/<environment>/<cluster>/`
 * (its `foundation/` and `workloads/` subfolders) applied into one cluster. Built from the plan.
 */
export interface DeliveryTarget {
  readonly environment: string;
  readonly tier: EnvironmentSpec['tier'];
  readonly cluster: string;
  readonly region: string;
  /** `<environment>/<cluster>`, relative to the dist folder. */
  readonly folder: string;
  /** The workload namespace every namespaced object of the folder lives in. */
  readonly namespace: string;
  /** The cluster's name as registered in Argo CD (the Application's `destination.name`). */
  readonly argoCdDestination: string;
}

/** The folder of dist/ holding the engines' own objects, beside the environments' folders. */
export const DELIVERY_FOLDER = 'delivery';

/**
 * Labels of the Argo CD and Flux objects: not an environment's (`environmentLabels`), so no
 * label-scoped prune of `dist/<environment>/` ever selects them.
 */
export const DELIVERY_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/part-of': PLATFORM, 'app.kubernetes.io/component': 'delivery' };

/** The folder of a target inside the repository, e.g. `dist/production/eu-west-1`. */
export function targetPath(distPath: string, target: DeliveryTarget, layer?: string): string {
  return [distPath, target.folder, ...(layer ? [layer] : [])].join('/');
}

/**
 * Checks the targets of one environment: each names the environment, its folder is
 * `<environment>/<cluster>`, and no cluster comes twice. Names become object names, hence DNS labels.
 */
export function checkEnvironmentTargets(environment: string, targets: readonly DeliveryTarget[]): void {
  checkDnsLabel(`delivery.${environment}`, environment);
  // dist/delivery/ holds the engines' own objects.
  check(environment !== DELIVERY_FOLDER, `delivery.${environment}`, environment, 'is the folder of the Argo CD and Flux objects under dist/; name the environment otherwise');
  check(targets.length > 0, `delivery.${environment}.targets`, targets.length, 'must hold at least one (environment, cluster) target');
  const clusters = new Set<string>();
  targets.forEach((target, index) => {
    const field = `delivery.${environment}.targets[${index}]`;
    check(target.environment === environment, `${field}.environment`, target.environment, `must be ${JSON.stringify(environment)}: one chart serves one environment`);
    checkDnsLabel(`${field}.cluster`, target.cluster);
    check(target.folder === `${environment}/${target.cluster}`, `${field}.folder`, target.folder, `must be "${environment}/${target.cluster}"`);
    check(target.tier === targets[0].tier, `${field}.tier`, target.tier, `must match the environment's other targets (${targets[0].tier})`);
    check(!clusters.has(target.cluster), `${field}.cluster`, target.cluster, 'names a cluster already targeted in this environment');
    clusters.add(target.cluster);
  });
}
