import * as fs from 'fs';
import * as path from 'path';
import { DEPLOYMENT_SUMMARY_PATH } from '../../lib/review/deployment-summary';
import { summaryOf, synthesizedMainPlan } from '../support/deployments';

describe('docs/DEPLOYMENT.md', () => {
  const summary = summaryOf(synthesizedMainPlan());

  it('is committed up to date (run `npm run summary`)', () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '../..', DEPLOYMENT_SUMMARY_PATH), 'utf8');
    expect(committed).toBe(summary);
  });

  it('shows each environment and service with resources, replica bounds, secrets and dashboards', () => {
    const production = summary.slice(summary.indexOf('## production'));
    const backend = production.slice(production.indexOf('### reconciliation-backend'));
    expect(backend).toContain('- Resources: requests 200m CPU / 256Mi, limits 500m CPU / 512Mi');
    expect(backend).toContain('- Replicas: 2–10 (HPA on cpu 70 %, memory 80 %); PDB minAvailable 1');
    expect(backend).toContain('`JWT_SECRET` ← `production/reconciliation/jwt-secret` (value)');
    expect(backend).toMatch(/- Dashboards: .*Database & Cache/);
  });

  it('lists alerts with their routed severity: staging never pages', () => {
    const staging = summary.slice(summary.indexOf('## staging'), summary.indexOf('## production'));
    const production = summary.slice(summary.indexOf('## production'));
    expect(staging).toMatch(/\| ReconciliationBackend\w+ \| warning \|/);
    expect(staging).not.toMatch(/\| critical \|/);
    expect(production).toMatch(/\| \w+ \| critical \|/);
  });

  it('says per environment which alerts page and where each severity goes', () => {
    const staging = summary.slice(summary.indexOf('## staging'), summary.indexOf('## production'));
    const production = summary.slice(summary.indexOf('## production'));
    expect(staging).toContain('- Alert routing: critical → as warning: Slack #reconciliation-alerts-staging; warning → Slack #reconciliation-alerts-staging');
    expect(staging).toContain('- Pages (0): none, every alert goes to chat');
    expect(production).toContain('- Alert routing: critical → PagerDuty (pages); warning → Slack #reconciliation-alerts');
    expect(production).toMatch(/- Pages \(\d+\): .*ReconciliationBackendNoReplicaAvailable, .*ReconciliationBackendAvailabilityErrorBudgetFastBurn/);
    expect(production).not.toMatch(/- Pages .*HttpErrorRateHigh/);
  });
});
