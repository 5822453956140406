/**
 * Errors users can act on: every message names the field, the value it had and the
 * rule it broke, e.g. `autoscaling.minReplicas (12) must be <= autoscaling.maxReplicas (10)`.
 */

/** Where a spec error happened and what to do about it; synth prints these with the error. */
export interface SpecContext {
  /** Name of the service whose spec is wrong. */
  readonly service?: string;
  /** Name of the environment being synthesized when the error was found. */
  readonly environment?: string;
  /** What the user should do, e.g. `raise maxReplicas or lower minReplicas`. */
  readonly hint?: string;
}

export class SpecError extends Error {
  readonly service?: string;
  readonly environment?: string;
  readonly hint?: string;

  constructor(readonly field: string, readonly value: unknown, readonly rule: string, context: SpecContext = {}) {
    super(`${field} (${formatValue(value)}) ${rule}`);
    this.name = 'SpecError';
    this.service = context.service;
    this.environment = context.environment;
    this.hint = context.hint;
  }

  /** The same error with the context fields it does not have yet filled in from `context`. */
  withContext(context: SpecContext): SpecError {
    const merged: SpecContext = {
      service: this.service ?? context.service,
      environment: this.environment ?? context.environment,
      hint: this.hint ?? context.hint,
    };
    return new SpecError(this.field, this.value, this.rule, merged);
  }
}

/**
 * Runs `build` and adds `context` to any SpecError it throws (or rejects with), so the
 * error names the service and environment it was found in: call it around each
 * service × environment. Context already on the error (set closer to the cause) wins.
 */
export function withSpecContext<T>(context: SpecContext, build: () => T): T {
  const addContext = (error: unknown): never => {
    throw error instanceof SpecError ? error.withContext(context) : error;
  };
  let result: T;
  try {
    result = build();
  } catch (error) {
    return addContext(error);
  }
  if (result instanceof Promise) return result.catch(addContext) as T;
  return result;
}

/**
 * One line for a person: `<field> (<service>, <environment>): <value> <rule>; <what to do>`.
 * Without a hint the advice names the field to fix.
 */
export function describeSpecError(error: SpecError): string {
  const where = [error.service, error.environment].filter((part) => part !== undefined);
  const scope = where.length > 0 ? ` (${where.join(', ')})` : '';
  const advice = error.hint ?? `fix ${error.field} in the ${error.service ? 'service or environment ' : ''}spec`;
  return `${error.field}${scope}: ${formatValue(error.value)} ${error.rule}; ${advice}`;
}

// JSON has no NaN or Infinity (it writes null): such numbers are swapped for a marker
// string while stringifying, and the marker for their own name afterwards.
const NUMBER_MARKER = '\uf8ffnumber:'; // a private-use character, which JSON leaves unescaped
const MARKED_NUMBER = new RegExp(`"${NUMBER_MARKER}([^"]*)"`, 'g');

export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'bigint') return formatNumber(value);
  try {
    const json = JSON.stringify(value, (_key, item: unknown) =>
      typeof item === 'bigint' || (typeof item === 'number' && !Number.isFinite(item))
        ? `${NUMBER_MARKER}${formatNumber(item)}`
        : item);
    return json === undefined ? String(value) : json.replace(MARKED_NUMBER, '$1');
  } catch {
    // Cyclic objects cannot be written as JSON.
    return String(value);
  }
}

function formatNumber(value: number | bigint): string {
  return typeof value === 'bigint' ? `${value}n` : String(value);
}

/** Throws a SpecError unless `ok` holds. */
export function check(ok: boolean, field: string, value: unknown, rule: string): void {
  if (!ok) throw new SpecError(field, value, rule);
}
