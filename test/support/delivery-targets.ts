import { byEnvironment } from '../../lib/plan/deployment-plan';
import type { ResolvedEnvironment } from '../../lib/plan/resolved-deployment';
import { testPlan } from './deployments';

/** Every environment of the plan (as resolved in its first cluster) with itself resolved in each of its clusters, the engines' targets. */
export function plannedTargets(): { readonly environment: ResolvedEnvironment; readonly targets: ResolvedEnvironment[] }[] {
  return [...byEnvironment(testPlan().environments).values()].map((targets) => ({ environment: targets[0], targets }));
}
