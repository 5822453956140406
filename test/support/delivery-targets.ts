import type { DeliveryTarget } from '../../lib/delivery/delivery-target';
import type { ResolvedEnvironment } from '../../lib/plan/resolved-deployment';
import { testPlan } from './deployments';

/** Every environment of the plan (as resolved in its first cluster) with its (environment, cluster) targets. */
export function plannedTargets(): { readonly environment: ResolvedEnvironment; readonly targets: DeliveryTarget[] }[] {
  const plan = testPlan();
  const names = [...new Set(plan.environments.map((environment) => environment.name))];
  return names.map((name) => ({
    environment: plan.environments.find((environment) => environment.name === name)!,
    targets: plan.targets.filter((target) => target.environment === name),
  }));
}
