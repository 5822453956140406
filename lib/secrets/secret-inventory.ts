import type { SecretInventoryEntry, ServiceSecretsSpec } from '../specs/service-spec';
import { check } from '../validation/errors';
import { checkDnsSubdomain, checkEnvVarName } from '../validation/names';

/** What a sync needs of a secret: where it lives, the variable it becomes, its policy (not its history). */
export type SyncedSecret = Omit<SecretInventoryEntry, 'lastRotated'>;


/** The target Secret's name for a service. */
export function targetSecretName(serviceName: string, spec: ServiceSecretsSpec): string {
  return spec.targetSecretName ?? `${serviceName}-secrets`;
}

// AWS Secrets Manager secret names: 1–512 of letters, digits and /_+=.@-.
const SECRETS_MANAGER_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** A secret name AWS Secrets Manager accepts, e.g. `reconciliation/jwt-secret`. */
export function checkSecretsManagerName(field: string, name: string | undefined): void {
  check(typeof name === 'string' && SECRETS_MANAGER_NAME.test(name), field, name,
    'must be an AWS Secrets Manager secret name: 1–512 letters, digits or /_+=.@-');
}

/**
 * Checks an inventory: valid names, no secret listed twice (by env var or by remote
 * value), whole positive rotation periods. `field` prefixes every message, e.g.
 * `services.reconciliation-backend.secrets`.
 */
export function validateSecretsSpec(field: string, spec: ServiceSecretsSpec): void {
  const inventory = spec.inventory;
  if (spec.targetSecretName !== undefined) checkDnsSubdomain(`${field}.targetSecretName`, spec.targetSecretName);
  check(inventory.length > 0, `${field}.inventory`, [], 'must list at least one secret; omit `secrets` for a service without any');
  const envVars = new Map<string, number>();
  const remoteValues = new Map<string, number>();
  inventory.forEach((entry, index) => {
    const at = `${field}.inventory[${index}]`;
    checkEnvVarName(`${at}.envVar`, entry.envVar);
    const firstEnvVar = envVars.get(entry.envVar);
    check(firstEnvVar === undefined, `${at}.envVar`, entry.envVar,
      `duplicates ${field}.inventory[${firstEnvVar}].envVar: each secret becomes one environment variable`);
    envVars.set(entry.envVar, index);

    checkSecretsManagerName(`${at}.remoteKey`, entry.remoteKey);
    if (entry.property !== undefined) {
      check(entry.property.length > 0, `${at}.property`, entry.property, 'must name a JSON property, or be left out to read the whole secret');
    }
    const remoteValue = `${entry.remoteKey}#${entry.property ?? ''}`;
    const firstRemote = remoteValues.get(remoteValue);
    check(firstRemote === undefined, `${at}.remoteKey`, describeRemote(entry),
      `duplicates ${field}.inventory[${firstRemote}]: two variables reading one value would rotate as one, so list it once`);
    remoteValues.set(remoteValue, index);

    check(Number.isInteger(entry.rotationPeriodDays) && entry.rotationPeriodDays > 0, `${at}.rotationPeriodDays`, entry.rotationPeriodDays,
      'must be a whole number of days greater than zero');
    check(isCalendarDate(entry.lastRotated), `${at}.lastRotated`, entry.lastRotated,
      'must be the day of the last rotation as YYYY-MM-DD (the rotation runbook updates it)');
  });
}

/** `reconciliation/jwt-secret` or `reconciliation/jwt-secret (property value)`, for messages and documents. */
export function describeRemote(entry: SecretInventoryEntry): string {
  return entry.property === undefined ? entry.remoteKey : `${entry.remoteKey} (property ${entry.property})`;
}

/** Whether `value` is a real day written `YYYY-MM-DD`. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
