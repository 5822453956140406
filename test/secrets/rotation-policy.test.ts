import * as fs from 'fs';
import * as path from 'path';
import { renderRotationPolicy, ROTATION_POLICY_COMMAND, rotationPolicyInput } from '../../lib/secrets/rotation-policy';
import { ROTATION_POLICY_DOCUMENT } from '../../lib/secrets/service-secrets';
import { deploymentPlan } from '../../main';

const plan = deploymentPlan();

const committedPath = path.resolve(__dirname, '../..', ROTATION_POLICY_DOCUMENT);
const input = rotationPolicyInput(plan.deployments);
const { services } = input;
const generated = renderRotationPolicy(input);
/** Every secret of the plan, as its runbook heading names it, in plan order. */
const secretNames = services.flatMap((service) => (service.secrets?.inventory ?? []).map((entry) => `${service.name}: \`${entry.envVar}\``));

describe('docs/SECRETS_ROTATION_POLICY.md', () => {
  it('is up to date with the inventories of every deployed service', () => {
    const committed = fs.existsSync(committedPath) ? fs.readFileSync(committedPath, 'utf8') : '';
    if (committed !== generated) {
      throw new Error(`${ROTATION_POLICY_DOCUMENT} is out of date with the secret inventories: run ${ROTATION_POLICY_COMMAND} and commit the result`);
    }
  });

  it('lists every secret with its rotation period, owner, automation, remote key and target Secret', () => {
    // The backend's figures from the operations documents, column by column.
    expect(generated).toContain('| reconciliation-backend | `JWT_SECRET` | 90 days | Security | Automated | 2026-11-02 | 2027-01-31 | `reconciliation/jwt-secret` (property `value`) | `reconciliation-secrets` |');
    expect(generated).toContain('| reconciliation-backend | `DATABASE_PASSWORD` | 180 days | DevOps | Manual | 2026-09-15 | 2027-03-14 | `reconciliation/database-password` | `reconciliation-secrets` |');
    expect(generated).toContain('| reconciliation-backend | `REDIS_PASSWORD` | 180 days | DevOps | Manual | 2026-09-15 | 2027-03-14 | `reconciliation/redis-password` | `reconciliation-secrets` |');
    expect(generated).toContain('| reconciliation-backend | `STRIPE_SECRET_KEY` | 90 days | Finance | Manual | 2026-10-20 | 2027-01-18 | `reconciliation/stripe-secret-key` | `reconciliation-secrets` |');
    expect(generated).toContain('| reconciliation-backend | `SMTP_PASSWORD` | 365 days | DevOps | Manual | 2026-03-02 | 2027-03-02 | `reconciliation/smtp-password` | `reconciliation-secrets` |');
    // Every planned service's secrets, each a row of its own, and the services with none named.
    const rows = generated.split('\n');
    for (const service of services) {
      for (const entry of service.secrets?.inventory ?? []) {
        const row = rows.find((line) => line.startsWith(`| ${service.name} | \`${entry.envVar}\` | ${entry.rotationPeriodDays} days | ${entry.owner} | `));
        expect(row).toContain(`\`${entry.remoteKey}\``);
        expect(row?.endsWith(`| \`${service.secrets!.targetSecretName}\` |`)).toBe(true);
      }
    }
    const withoutSecrets = services.filter((service) => !service.secrets).map((service) => service.name);
    expect(generated.match(/^Services without secrets: .*$/m)?.[0]).toBe(withoutSecrets.length > 0 ? `Services without secrets: ${withoutSecrets.join(', ')}.` : undefined);
    // One row per secret, not per cluster.
    expect(generated.match(/^\| [a-z-]+ \| `[A-Z_]+` \|/gm)).toHaveLength(secretNames.length);
  });

  it('gives each secret a runbook: sync within 1h or force-sync, then a rolling restart', () => {
    const runbooks = generated.split(/^### /m).slice(1);
    expect(runbooks.map((runbook) => runbook.split('\n')[0])).toEqual(secretNames);
    for (const runbook of runbooks) {
      expect(runbook).toContain('within 1h');
      expect(runbook).toMatch(/kubectl -n <namespace> annotate externalsecret [a-z-]+ force-sync=\$\(date \+%s\) --overwrite/);
      expect(runbook).toMatch(/kubectl -n <namespace> rollout restart deployment\/[a-z-]+/);
    }
  });

  it('checks the rotation function for automated secrets and has people write and revoke manual ones', () => {
    const [jwt, database] = generated.split(/^### /m).slice(1);
    expect(jwt).toContain('aws secretsmanager rotate-secret --secret-id <prefix>reconciliation/jwt-secret --region <region>');
    expect(jwt).not.toContain('put-secret-value');
    expect(database).toContain('aws secretsmanager put-secret-value --secret-id <prefix>reconciliation/database-password --region <region> --secret-string file://<file>');
    expect(database).toContain('keeping the old one valid until step 4 is done');
    expect(database).toMatch(/^4\. .*rollout restart/m);
    expect(database).toContain('5. Revoke the old credential at its issuer.');
  });

  it('shows when each secret was last rotated and when it is next due, and has the rotation log updated', () => {
    expect(generated).toContain('Last rotated | Next rotation');
    expect(generated).toContain('set `lastRotated: \'<today>\'` for `STRIPE_SECRET_KEY` in `services/reconciliation-backend.ts`');
  });

  it('tells how to rotate the JWT secret without downtime: accept the previous key during the overlap', () => {
    const jwt = generated.slice(generated.indexOf('### reconciliation-backend: `JWT_SECRET`'), generated.indexOf('### reconciliation-backend: `DATABASE_PASSWORD`'));
    expect(jwt).toContain('must accept tokens signed with the previous key');
    expect(jwt).toContain('Reloader rolls the Deployment when the Secret changes');
  });

  it('lists where each environment reads its secrets', () => {
    expect(generated).toContain('| staging | `staging/` | `reconciliation-platform-staging` | `eu-west-1` |');
    // An environment in several clusters lists each cluster's region, the primary (first cluster's) first.
    expect(generated).toContain('| production | `production/` | `reconciliation-platform` | `eu-west-1`, `us-east-1` |');
  });

  it('changes when an inventory changes, so a stale document is caught', () => {
    const [backend, ...others] = input.services;
    const shorter = { ...backend, secrets: { ...backend.secrets!, inventory: backend.secrets!.inventory.slice(1) } };
    const changed = renderRotationPolicy({ ...input, services: [shorter, ...others] });
    expect(changed).not.toEqual(generated);
    expect(changed).not.toContain('JWT_SECRET');
  });
});
