import type { ResolvedEnvironment } from '../../lib/plan/resolved-deployment';
import { testPlan } from './deployments';

/** Every environment of the plan (as resolved in its first cluster) with itself resolved in each of its clusters, the engines' targets. */
export function plannedTargets(): { readonly environment: ResolvedEnvironment; readonly targets: ResolvedEnvironment[] }[] {
  const plan = testPlan();
  const names = [...new Set(plan.environments.map((environment) => environment.name))];
  return names.map((name) => ({
    environment: plan.environments.find((environment) => environment.name === name)!,
    targets: plan.environments.filter((environment) => environment.name === name),
  }));
}
