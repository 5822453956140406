import { check } from './errors';

// Kubernetes resource.Quantity suffixes (binary SI, decimal SI); exponents are not used here.
const SUFFIX_FACTORS: Record<string, number> = {
  '': 1,
  'n': 1e-9, 'u': 1e-6, 'm': 1e-3, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};
const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** Parses a Kubernetes quantity ("200m", "256Mi", "1.5") into its numeric value. */
export function parseQuantity(field: string, value: string): number {
  const match = typeof value === 'string' ? QUANTITY.exec(value) : null;
  check(match !== null, field, value, 'must be a Kubernetes quantity such as "200m", "0.5", "256Mi" or "1Gi"');
  const parsed = Number(match![1]) * SUFFIX_FACTORS[match![2] ?? ''];
  check(parsed > 0, field, value, 'must be greater than zero');
  return parsed;
}

/** Requests above limits are rejected by the API server; say so at synth time instead. */
export function checkRequestWithinLimit(resource: string, request: string, limit: string): void {
  const requested = parseQuantity(`resources.requests.${resource}`, request);
  const limited = parseQuantity(`resources.limits.${resource}`, limit);
  check(
    requested <= limited,
    `resources.requests.${resource}`, request,
    `must be <= resources.limits.${resource} (${JSON.stringify(limit)})`,
  );
}
