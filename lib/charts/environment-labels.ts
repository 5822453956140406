/** The platform every chart's objects belong to (`app.kubernetes.io/part-of`). */
export const PLATFORM = 'reconciliation-platform';

/**
 * The labels every object of an environment carries, set once on each chart: the
 * label-scoped prune of docs/DEPLOYMENT.md selects an environment's objects by them.
 */
export function environmentLabels(environment: string): Record<string, string> {
  return { 'app.kubernetes.io/part-of': PLATFORM, 'environment': environment };
}

/** The same labels as a `kubectl -l` selector. */
export function environmentSelector(environment: string): string {
  return Object.entries(environmentLabels(environment)).map(([label, value]) => `${label}=${value}`).join(',');
}
