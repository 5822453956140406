import type { ResolvedDeployment, ResolvedEnvironment, ResolvedSecrets } from '../plan/resolved-deployment';
import type { SecretInventoryEntry } from '../specs/service-spec';
import { describeRemote } from './secret-inventory';
import { externalSecretName, ROTATION_ANNOTATION_PREFIX, SECRET_REFRESH_INTERVAL, secretsReaderServiceAccountName } from './service-secrets';

/** A service as the policy lists it: its secrets with their keys as written in the spec (before any environment's prefix), or none. */
export interface RotationPolicyService {
  readonly name: string;
  readonly secrets?: { readonly targetSecretName: string; readonly inventory: readonly SecretInventoryEntry[] };
}

/** Where an environment reads its secrets. */
export interface RotationPolicyEnvironment {
  readonly name: string;
  readonly namespace: string;
  /** AWS regions of its clusters: each reads the secrets from its own region's replica. */
  readonly awsRegions: readonly string[];
  readonly keyPrefix: string;
}

export interface RotationPolicyInput {
  readonly services: readonly RotationPolicyService[];
  readonly environments: readonly RotationPolicyEnvironment[];
}

/** The services and environments of the resolved deployments, each once, in plan order. */
export function rotationPolicyInput(deployments: readonly ResolvedDeployment[]): RotationPolicyInput {
  const services = new Map<string, RotationPolicyService>();
  const environments = new Map<string, RotationPolicyEnvironment>();
  for (const { environment, service, secrets } of deployments) {
    const known = environments.get(environment.name);
    if (!known) {
      environments.set(environment.name, { name: environment.name, namespace: environment.namespace, awsRegions: [environment.cluster.region], keyPrefix: secretKeyPrefixOf(environment, secrets) });
    } else if (!known.awsRegions.includes(environment.cluster.region)) {
      environments.set(environment.name, { ...known, awsRegions: [...known.awsRegions, environment.cluster.region] });
    }
    if (!services.has(service.name)) services.set(service.name, { name: service.name, secrets: secrets && unprefixed(secrets) });
  }
  return { services: [...services.values()], environments: [...environments.values()] };
}

function unprefixed(secrets: ResolvedSecrets): RotationPolicyService['secrets'] {
  return {
    targetSecretName: secrets.targetSecretName,
    inventory: secrets.inventory.map((entry) => ({ ...entry, remoteKey: entry.remoteKey.slice(secrets.keyPrefix.length) })),
  };
}

function secretKeyPrefixOf(environment: ResolvedEnvironment, secrets: ResolvedSecrets | undefined): string {
  return secrets?.keyPrefix ?? environment.secretKeyPrefix ?? `${environment.name}/`;
}

/** The day a secret is due again: its last rotation plus its period (UTC). */
export function nextRotation(entry: Pick<SecretInventoryEntry, 'lastRotated' | 'rotationPeriodDays'>): string {
  const due = new Date(`${entry.lastRotated}T00:00:00Z`);
  due.setUTCDate(due.getUTCDate() + entry.rotationPeriodDays);
  return due.toISOString().slice(0, 10);
}

/** The command that regenerates the document; the staleness test names it. */
export const ROTATION_POLICY_COMMAND = 'npm run docs:secrets';

/**
 * Renders `docs/SECRETS_ROTATION_POLICY.md` from the services' inventories: the
 * policy table, where each environment reads its secrets, and one runbook per secret.
 * Pure and deterministic, so a test can compare it with the committed file.
 */
export function renderRotationPolicy(input: RotationPolicyInput): string {
  const withSecrets = input.services.filter((service) => service.secrets !== undefined);
  const without = input.services.filter((service) => service.secrets === undefined).map((service) => service.name);
  const lines: string[] = [
    '# Secrets rotation policy',
    '',
    `<!-- Generated from the secret inventories in services/*.ts by \`${ROTATION_POLICY_COMMAND}\`. Do not edit by hand. -->`,
    '',
    'Secret values live only in AWS Secrets Manager, never in this repository or in `dist/`. ' +
      `External Secrets Operator copies them into each service's Kubernetes Secret every ${SECRET_REFRESH_INTERVAL}, ` +
      `authenticated through an IAM role (IRSA) carried by the service's \`${secretsReaderServiceAccountName('<service>')}\` ServiceAccount, ` +
      'which no pod runs as, so the application itself cannot read Secrets Manager; ' +
      'the service reads its secrets as environment variables when it starts.',
    '',
    `The same policy is on each ExternalSecret as \`${ROTATION_ANNOTATION_PREFIX}/<ENV_VAR>.period-days\`, \`.owner\` and \`.mode\` annotations.`,
    '',
    'Each environment reads its own copy of every secret, under its own key prefix (see [Where](#where)): staging never holds a production value. ' +
      'A Deployment restarts by itself when its synced Secret changes (Stakater Reloader, `secret.reloader.stakater.com/reload`), so a rotated value reaches every pod. ' +
      'Reminder alerts (`…SecretRotationDue`, `…SecretRotationOverdue`) open a ticket 7 days before the next rotation and once it is overdue.',
    '',
    '## Policy',
    '',
    '| Service | Secret | Rotation | Owner | Automation | Last rotated | Next rotation | AWS Secrets Manager key (after the prefix) | Kubernetes Secret |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const service of withSecrets) {
    const target = service.secrets!.targetSecretName;
    for (const entry of service.secrets!.inventory) {
      lines.push(`| ${service.name} | \`${entry.envVar}\` | ${entry.rotationPeriodDays} days | ${entry.owner} | ${modeLabel(entry)} | ` +
        `${entry.lastRotated} | ${nextRotation(entry)} | ${remoteCell(entry)} | \`${target}\` |`);
    }
  }
  lines.push('');
  if (without.length > 0) lines.push(`Services without secrets: ${without.join(', ')}.`, '');
  lines.push(
    '## Where',
    '',
    'Rotate in staging first, then in production; the runbooks write `<prefix>`, `<namespace>` and `<region>` for these. '
      + 'An environment in several regions reads each region\'s replica of the secret: write the value in the first region listed '
      + '(the primary; Secrets Manager replicates it to the others) and run the runbook\'s checks in every region\'s cluster.',
    '',
    '| Environment | Key prefix | Namespace | AWS regions (primary first) |',
    '|---|---|---|---|',
    ...input.environments.map((environment) => `| ${environment.name} | \`${environment.keyPrefix}\` | \`${environment.namespace}\` | ${environment.awsRegions.map((region) => `\`${region}\``).join(', ')} |`),
    '',
    '## Runbooks',
  );
  for (const service of withSecrets) {
    for (const entry of service.secrets!.inventory) lines.push('', ...runbook(service, entry));
  }
  return `${lines.join('\n')}\n`;
}

function modeLabel(entry: SecretInventoryEntry): string {
  return entry.rotation === 'automated' ? 'Automated' : 'Manual';
}

function remoteCell(entry: SecretInventoryEntry): string {
  return entry.property === undefined ? `\`${entry.remoteKey}\`` : `\`${entry.remoteKey}\` (property \`${entry.property}\`)`;
}

function runbook(service: RotationPolicyService, entry: SecretInventoryEntry): string[] {
  const externalSecret = externalSecretName(service.name);
  const secretId = `--secret-id <prefix>${entry.remoteKey} --region <region>`;
  // The restart is the step after the sync; the manual steps refer to it.
  const restartStep = (entry.rotation === 'automated' ? 1 : 2) + 2;
  const update = entry.rotation === 'automated'
    ? [
      `1. Secrets Manager rotates it on schedule. Check that it did: \`aws secretsmanager describe-secret ${secretId}\` ` +
        `shows a \`LastRotatedDate\` less than ${entry.rotationPeriodDays} days ago. If not, or to rotate now: ` +
        `\`aws secretsmanager rotate-secret ${secretId}\`, and investigate the rotation function.`,
    ]
    : [
      `1. Create the new credential at its issuer, keeping the old one valid until step ${restartStep} is done.`,
      `2. Store it from a file, which keeps it out of shell history: \`aws secretsmanager put-secret-value ${secretId} --secret-string file://<file>\`` +
        (entry.property === undefined
          ? '; then delete the file.'
          : `; the secret is JSON, so the file holds all of it with \`${entry.property}\` changed; then delete the file.`),
    ];
  const next = restartStep - 1;
  return [
    `### ${service.name}: \`${entry.envVar}\``,
    '',
    `Every ${entry.rotationPeriodDays} days; owner ${entry.owner}; ${entry.rotation} rotation; last rotated ${entry.lastRotated}, next by ${nextRotation(entry)}. ` +
      `Source: <prefix>${describeRemote(entry)}.`,
    '',
    ...update,
    `${next}. ESO picks the new value up within ${SECRET_REFRESH_INTERVAL}; to sync now: ` +
      `\`kubectl -n <namespace> annotate externalsecret ${externalSecret} force-sync=$(date +%s) --overwrite\`, ` +
      `then check \`kubectl -n <namespace> get externalsecret ${externalSecret}\` shows Ready True.`,
    `${next + 1}. Reloader rolls the Deployment when the Secret changes (pods read environment variables at start only); ` +
      `watch it with \`kubectl -n <namespace> rollout status deployment/${service.name}\`. Without Reloader in the cluster: ` +
      `\`kubectl -n <namespace> rollout restart deployment/${service.name}\`.`,
    ...(entry.rotation === 'manual' ? [`${next + 2}. Revoke the old credential at its issuer.`] : []),
    `${next + (entry.rotation === 'manual' ? 3 : 2)}. Update the rotation log once both environments are done: set \`lastRotated: '<today>'\` ` +
      `for \`${entry.envVar}\` in \`services/${service.name}.ts\` and merge it; the reminders count from it.`,
    '',
    `Zero downtime: old and new pods overlap during the rollout, so ${overlapAdvice(entry)}`,
  ];
}

/** What keeps requests working while old and new pods hold different values. */
function overlapAdvice(entry: SecretInventoryEntry): string {
  if (/JWT|SIGNING/.test(entry.envVar)) {
    return 'the service must accept tokens signed with the previous key until the rollout is done and the longest token lifetime has passed ' +
      '(verify with the current and the previous value: Secrets Manager keeps it as `AWSPREVIOUS`).';
  }
  return 'keep the old credential valid at its issuer until the rollout has finished.';
}
