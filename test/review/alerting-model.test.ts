import * as fs from 'fs';
import * as path from 'path';
import { ALERTING_MODEL_PATH, renderAlertingModel } from '../../lib/review/alerting-model';
import { outlinesOf, synthesizedMainPlan } from '../support/deployments';

describe('docs/ALERTING.md', () => {
  const outlines = outlinesOf(synthesizedMainPlan());
  const model = renderAlertingModel(outlines);
  const row = (suffix: string) => model.split('\n').find((line) => line.startsWith(`| [${suffix}](`)) ?? '';

  it('is committed up to date (run `npm run synth`)', () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '../..', ALERTING_MODEL_PATH), 'utf8');
    expect(committed).toBe(model);
  });

  it('lists every alert suffix of every deployment once', () => {
    const suffixes = new Set(outlines.flatMap(({ deployment, alerts }) => alerts.map((rule) => String(rule.alert).slice(deployment.alertPrefix.length))));
    for (const suffix of suffixes) expect(row(suffix)).not.toBe('');
    expect(model.split('\n').filter((line) => line.startsWith('| ['))).toHaveLength(suffixes.size);
  });

  it('pages for outages and fast burn in production only, and says why', () => {
    for (const suffix of ['NoReplicaAvailable', 'AllTargetsDown', 'MetricsAbsent', 'AvailabilityErrorBudgetFastBurn']) {
      expect(row(suffix)).toMatch(/\| page \| \w+ \| warning → Slack #reconciliation-alerts-staging \| critical → PagerDuty \(pages\) \|/);
    }
    expect(row('NoReplicaAvailable')).toContain('| outage |');
    expect(row('NoReplicaAvailable')).toContain('Users get no answer at all');
  });

  it('sends cause-level alerts and tickets to chat in both environments', () => {
    expect(row('HttpErrorRateHigh')).toMatch(/\| warning \| availability \| warning → Slack #reconciliation-alerts-staging \| warning → Slack #reconciliation-alerts \|/);
    expect(row('AvailabilityErrorBudgetSlowBurn')).toMatch(/\| ticket \| availability \|/);
    expect(model).not.toMatch(/\| (warning|ticket) \|.*PagerDuty/);
  });
});
