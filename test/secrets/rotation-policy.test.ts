import * as fs from 'fs';
import * as path from 'path';
import { renderRotationPolicy, ROTATION_POLICY_COMMAND, rotationPolicyInput } from '../../lib/secrets/rotation-policy';
import { ROTATION_POLICY_DOCUMENT } from '../../lib/secrets/service-secrets';
import { deploymentPlan } from '../../main';

const plan = deploymentPlan();

const committedPath = path.resolve(__dirname, '../..', ROTATION_POLICY_DOCUMENT);
const generated = renderRotationPolicy(rotationPolicyInput(plan.deployments));

describe('docs/SECRETS_ROTATION_POLICY.md', () => {
  it('is up to date with the inventories of every deployed service', () => {
    const committed = fs.existsSync(committedPath) ? fs.readFileSync(committedPath, 'utf8') : '';
    if (committed !== generated) {
      throw new Error(`${ROTATION_POLICY_DOCUMENT} is out of date with the secret inventories: run ${ROTATION_POLICY_COMMAND} and commit the result`);
    }
  });

  it('lists every secret with its rotation period, owner, automation, remote key and target Secret', () => {
    expect(generated).toContain('| reconciliation-backend | `JWT_SECRET` | 90 days | Security | Automated | 2026-11-02 | 2027-01-31 | `reconciliation/jwt-secret` (property `value`) | `reconciliation-secrets` |');
    expect(generated).toContain('| reconciliation-backend | `DATABASE_PASSWORD` | 180 days | DevOps | Manual | 2026-09-15 | 2027-03-14 | `reconciliation/database-password` | `reconciliation-secrets` |');
    expect(generated).toContain('| reconciliation-backend | `REDIS_PASSWORD` | 180 days | DevOps | Manual | 2026-09-15 | 2027-03-14 | `reconciliation/redis-password` | `reconciliation-secrets` |');
    expect(generated).toContain('| reconciliation-backend | `STRIPE_SECRET_KEY` | 90 days | Finance | Manual | 2026-10-20 | 2027-01-18 | `reconciliation/stripe-secret-key` | `reconciliation-secrets` |');
    expect(generated).toContain('| reconciliation-backend | `SMTP_PASSWORD` | 365 days | DevOps | Manual | 2026-03-02 | 2027-03-02 | `reconciliation/smtp-password` | `reconciliation-secrets` |');
    expect(generated).toContain('| collaboration-api | `SENTRY_DSN` | 365 days | DevOps | Manual | 2026-06-01 | 2027-06-01 | `collaboration/sentry-dsn` | `collaboration-api-secrets` |');
    expect(generated).toContain('Services without secrets: aion-monitoring.');
    // One row per secret, not per cluster: count the inventories of one cluster folder.
    const secrets = plan.deployments.filter((deployment) => deployment.environment.cluster.folder === plan.deployments[0].environment.cluster.folder)
      .flatMap((deployment) => deployment.secrets?.inventory ?? []);
    expect(generated.match(/^\| [a-z-]+ \| `[A-Z_]+` \|/gm)).toHaveLength(secrets.length);
  });

  it('gives each secret a runbook: sync within 1h or force-sync, then a rolling restart', () => {
    const runbooks = generated.split(/^### /m).slice(1);
    expect(runbooks.map((runbook) => runbook.split('\n')[0])).toEqual([
      'reconciliation-backend: `JWT_SECRET`', 'reconciliation-backend: `DATABASE_PASSWORD`', 'reconciliation-backend: `REDIS_PASSWORD`',
      'reconciliation-backend: `STRIPE_SECRET_KEY`', 'reconciliation-backend: `SMTP_PASSWORD`', 'collaboration-api: `SENTRY_DSN`',
    ]);
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
    const input = rotationPolicyInput(plan.deployments);
    const [backend, ...others] = input.services;
    const shorter = { ...backend, secrets: { ...backend.secrets!, inventory: backend.secrets!.inventory.slice(1) } };
    const changed = renderRotationPolicy({ ...input, services: [shorter, ...others] });
    expect(changed).not.toEqual(generated);
    expect(changed).not.toContain('JWT_SECRET');
  });
});
