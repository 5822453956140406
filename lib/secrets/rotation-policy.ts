import type { ResolvedDeployment, ResolvedEnvironment, ResolvedSecrets } from '../plan/resolved-deployment';
import { describeRemote, SecretInventoryEntry } from './secret-inventory';
import { externalSecretName, ROTATION_ANNOTATION_PREFIX, SECRET_REFRESH_INTERVAL, secretsReaderServiceAccountName } from './service-secrets';

/** A service as the policy lists it: its secrets as resolved, or none. */
export interface RotationPolicyService {
  readonly name: string;
  readonly secrets?: ResolvedSecrets;
}

export interface RotationPolicyInput {
  readonly services: readonly RotationPolicyService[];
  readonly environments: readonly ResolvedEnvironment[];
}

/** The services and environments of the resolved deployments, each once, in plan order. */
export function rotationPolicyInput(deployments: readonly ResolvedDeployment[]): RotationPolicyInput {
  const services = new Map<string, RotationPolicyService>();
  const environments = new Map<string, ResolvedEnvironment>();
  for (const deployment of deployments) {
    environments.set(deployment.environment.name, deployment.environment);
    if (!services.has(deployment.service.name)) services.set(deployment.service.name, { name: deployment.service.name, secrets: deployment.secrets });
  }
  return { services: [...services.values()], environments: [...environments.values()] };
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
    '## Policy',
    '',
    '| Service | Secret | Rotation | Owner | Automation | AWS Secrets Manager key | Kubernetes Secret |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const service of withSecrets) {
    const target = service.secrets!.targetSecretName;
    for (const entry of service.secrets!.inventory) {
      lines.push(`| ${service.name} | \`${entry.envVar}\` | ${entry.rotationPeriodDays} days | ${entry.owner} | ${modeLabel(entry)} | ` +
        `${remoteCell(entry)} | \`${target}\` |`);
    }
  }
  lines.push('');
  if (without.length > 0) lines.push(`Services without secrets: ${without.join(', ')}.`, '');
  lines.push(
    '## Where',
    '',
    'Rotate in staging first, then in production; the runbooks write `<namespace>` and `<region>` for these.',
    '',
    '| Environment | Namespace | AWS region |',
    '|---|---|---|',
    ...input.environments.map((environment) => `| ${environment.name} | \`${environment.namespace}\` | \`${environment.awsRegion}\` |`),
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
  const secretId = `--secret-id ${entry.remoteKey} --region <region>`;
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
    `Every ${entry.rotationPeriodDays} days; owner ${entry.owner}; ${entry.rotation} rotation. Source: ${describeRemote(entry)}.`,
    '',
    ...update,
    `${next}. ESO picks the new value up within ${SECRET_REFRESH_INTERVAL}; to sync now: ` +
      `\`kubectl -n <namespace> annotate externalsecret ${externalSecret} force-sync=$(date +%s) --overwrite\`, ` +
      `then check \`kubectl -n <namespace> get externalsecret ${externalSecret}\` shows Ready True.`,
    `${next + 1}. Environment variables are read at start only: ` +
      `\`kubectl -n <namespace> rollout restart deployment/${service.name}\`, then \`kubectl -n <namespace> rollout status deployment/${service.name}\`.`,
    ...(entry.rotation === 'manual' ? [`${next + 2}. Revoke the old credential at its issuer.`] : []),
  ];
}
