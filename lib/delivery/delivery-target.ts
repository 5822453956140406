import { PLATFORM } from '../charts/environment-labels';
import type { ResolvedEnvironment } from '../plan/resolved-deployment';
import { check } from '../validation/errors';
import { checkDnsLabel } from '../validation/names';

/**
 * What a GitOps engine deploys is one environment in one of its clusters, as the plan
 * resolved it (`ResolvedEnvironment`): the folder `dist/<environment>/<cluster>/`, its
 * `foundation/` and `workloads/` subfolders, applied into that cluster.
 */

/** The folder of dist/ holding the engines' own objects, beside the environments' folders. */
export const DELIVERY_FOLDER = 'delivery';

/**
 * Labels of the Argo CD and Flux objects: not an environment's (`environmentLabels`), so no
 * label-scoped prune of `dist/<environment>/` ever selects them.
 */
export const DELIVERY_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/part-of': PLATFORM, 'app.kubernetes.io/component': 'delivery' };

/** The folder of a target inside the repository, e.g. `dist/production/eu-west-1`. */
export function targetPath(distPath: string, target: ResolvedEnvironment, layer?: string): string {
  return [distPath, target.cluster.folder, ...(layer ? [layer] : [])].join('/');
}

/**
 * Checks the targets of one environment: each names the environment, its folder is
 * `<environment>/<cluster>`, and no cluster comes twice. Names become object names, hence DNS labels.
 */
export function checkEnvironmentTargets(environment: string, targets: readonly ResolvedEnvironment[]): void {
  checkDnsLabel(`delivery.${environment}`, environment);
  // dist/delivery/ holds the engines' own objects.
  check(environment !== DELIVERY_FOLDER, `delivery.${environment}`, environment, 'is the folder of the Argo CD and Flux objects under dist/; name the environment otherwise');
  check(targets.length > 0, `delivery.${environment}.targets`, targets.length, 'must hold at least one (environment, cluster) target');
  const clusters = new Set<string>();
  targets.forEach((target, index) => {
    const field = `delivery.${environment}.targets[${index}]`;
    const { cluster } = target;
    check(target.name === environment, `${field}.environment`, target.name, `must be ${JSON.stringify(environment)}: one chart serves one environment`);
    checkDnsLabel(`${field}.cluster`, cluster.name);
    check(cluster.folder === `${environment}/${cluster.name}`, `${field}.folder`, cluster.folder, `must be "${environment}/${cluster.name}"`);
    check(target.tier === targets[0].tier, `${field}.tier`, target.tier, `must match the environment's other targets (${targets[0].tier})`);
    check(!clusters.has(cluster.name), `${field}.cluster`, cluster.name, 'names a cluster already targeted in this environment');
    clusters.add(cluster.name);
  });
}
