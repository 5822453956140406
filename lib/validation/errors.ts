/**
 * Errors users can act on: every message names the field, the value it had and the
 * rule it broke, e.g. `autoscaling.minReplicas (12) must be <= autoscaling.maxReplicas (10)`.
 */
export class SpecError extends Error {
  constructor(readonly field: string, readonly value: unknown, readonly rule: string) {
    super(`${field} (${formatValue(value)}) ${rule}`);
    this.name = 'SpecError';
  }
}

export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? String(value);
}

/** Throws a SpecError unless `ok` holds. */
export function check(ok: boolean, field: string, value: unknown, rule: string): void {
  if (!ok) throw new SpecError(field, value, rule);
}
