import type { DeliveryTarget } from '../../lib/delivery/delivery-target';
import type { ResolvedEnvironment } from '../../lib/plan/resolved-deployment';
import { testPlan } from './deployments';

/**
 * Clusters for the delivery suites: each environment of the plan in two clusters. The plan
 * has no cluster dimension of its own yet; the environments, tiers and namespaces are the plan's.
 */
export const TEST_CLUSTERS = [
  { cluster: 'eu-west-1', region: 'eu-west-1' },
  { cluster: 'us-east-1', region: 'us-east-1' },
] as const;

export function deliveryTargetsOf(environment: Pick<ResolvedEnvironment, 'name' | 'tier' | 'namespace'>): DeliveryTarget[] {
  return TEST_CLUSTERS.map(({ cluster, region }) => ({
    environment: environment.name,
    tier: environment.tier,
    cluster,
    region,
    folder: `${environment.name}/${cluster}`,
    namespace: environment.namespace,
    argoCdDestination: `${environment.name}-${cluster}`,
  }));
}

/** Every environment of the plan with its targets. */
export function plannedTargets(): { readonly environment: ResolvedEnvironment; readonly targets: DeliveryTarget[] }[] {
  return testPlan().environments.map((environment) => ({ environment, targets: deliveryTargetsOf(environment) }));
}
