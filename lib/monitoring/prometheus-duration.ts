import { check } from '../validation/errors';

/** Seconds per Prometheus duration unit (`1h30m`, `15s`, `500ms`). */
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000,
};

const DURATION = /^((\d+)(ms|[smhdwy]))+$/;
const DURATION_PART = /(\d+)(ms|[smhdwy])/g;

/** Whether `value` is a Prometheus duration such as `15s`, `5m` or `1h30m`. */
export function isPrometheusDuration(value: string): boolean {
  return DURATION.test(value);
}

/** Seconds in a Prometheus duration; `field` names the prop in the error when it is not one. */
export function durationSeconds(field: string, value: string): number {
  check(typeof value === 'string' && isPrometheusDuration(value), field, value,
    'must be a Prometheus duration: digits followed by a unit (ms, s, m, h, d, w, y), e.g. "15s" or "1h30m"');
  let seconds = 0;
  for (const [, amount, unit] of value.matchAll(DURATION_PART)) {
    seconds += Number(amount) * UNIT_SECONDS[unit];
  }
  return seconds;
}
