import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { staging } from '../../environments/staging';
import { findPlaceholders, renderPlaceholders } from '../../lib/review/placeholders';
import { synthWarnings } from '../../lib/review/review-documents';
import { planOf, summaryOf, synthesizedMainPlan } from '../support/deployments';
import { requireExecutable } from '../support/executables';
import { ENVIRONMENTS, SERVICES } from '../../main';

const ROOT = path.resolve(__dirname, '../..');

describe('placeholders', () => {
  it('finds AWS\'s documentation account, reserved example domains and to-do markers, naming the field', () => {
    expect(findPlaceholders('environments.x', { role: 'arn:aws:iam::123456789012:role/a', host: 'api.example.com', ok: 'api.acme.io', list: ['CHANGEME'] })).toEqual([
      { field: 'environments.x.role', value: 'arn:aws:iam::123456789012:role/a', reason: 'AWS\'s documentation account id' },
      { field: 'environments.x.host', value: 'api.example.com', reason: 'a reserved example domain (RFC 2606)' },
      { field: 'environments.x.list[0]', value: 'CHANGEME', reason: 'a to-do marker' },
    ]);
  });

  it('are listed in docs/DEPLOYMENT.md, with the values no pattern can tell', () => {
    const summary = summaryOf(synthesizedMainPlan());
    expect(summary).toContain('| `environments.production.services.reconciliation-backend.iamRoleArn` | `arn:aws:iam::123456789012:role/reconciliation-backend-production` |');
    expect(summary).toContain('`dataNetworkCidr`');
    expect(renderPlaceholders([])).toContain('None: every value in the specs is a real one.');
  });
});

describe('synth warnings', () => {
  const plan = planOf(ENVIRONMENTS, SERVICES);

  it('name every placeholder left in production, in one line', () => {
    const [warning] = synthWarnings({ plan, environments: ENVIRONMENTS, services: SERVICES }, '2026-12-03');
    expect(warning.split('\n')).toHaveLength(1);
    expect(warning).toMatch(/^production specs still hold \d+ placeholder values/);
    expect(warning).toContain('environments.production.alertRouting.iamRoleArn = arn:aws:iam::123456789012:role/alert-routing-production');
    expect(warning).not.toContain('environments.staging');
  });

  it('say nothing of placeholders without a production environment', () => {
    expect(synthWarnings({ plan: planOf([staging], SERVICES), environments: [staging], services: SERVICES }, '2026-12-03')).toEqual([]);
  });

  it('name secrets overdue for rotation: the JWT secret (90 days from 2026-11-02) is due 2027-01-31', () => {
    const warnings = synthWarnings({ plan: planOf([staging], SERVICES), environments: [staging], services: SERVICES }, '2027-02-01');
    expect(warnings).toEqual([expect.stringContaining('reconciliation-backend JWT_SECRET (due 2027-01-31)')]);
    expect(warnings[0]).not.toContain('DATABASE_PASSWORD');
  });
});

describe('capacity quota', () => {
  it('refuses a plan whose environment cannot fit every service at maxReplicas in one of its clusters', () => {
    const tight = { ...staging, capacityQuota: { cpuCores: 1, memoryGib: 8 } };
    expect(() => planOf([tight], SERVICES)).toThrow('capacity.staging.eu-west-1.cpuCoresAtMaxReplicas (1.8) must be <= the staging quota of 1 cores per cluster');
    expect(() => planOf([staging], SERVICES)).not.toThrow();
  });
});

describe('dist/<env>/<cluster>/preflight.sh', () => {
  const shellcheck = requireExecutable('shellcheck', 'shellcheck');
  const clusters = ENVIRONMENTS.flatMap((environment) => environment.clusters.map((cluster) => ({ environment, cluster })));
  it.each(clusters.map(({ environment, cluster }) => [`${environment.name}/${cluster.name}`, environment.namespace]))('is written for %s, and passes bash -n and shellcheck', (folder, namespace) => {
    const file = path.join(ROOT, 'dist', folder, 'preflight.sh');
    expect(fs.readFileSync(file, 'utf8')).toContain(`namespace='${namespace}'`);
    expect(spawnSync('bash', ['-n', file]).status).toBe(0);
    const result = spawnSync(shellcheck, [file], { encoding: 'utf8' });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
});
