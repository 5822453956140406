import type { AlertRule, RuleGroup } from '../lib/monitoring/rule-groups';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';
import { nextRotation } from '../lib/secrets/rotation-policy';

/**
 * Rotation reminders: each secret of the inventory is due `rotationPeriodDays` after
 * its committed `lastRotated` date. A ticket opens `secretRotationLeadDays` before the
 * due date, and another once it has passed; updating `lastRotated` (the runbook's last
 * step) moves both. The rules read only `time()`, so they need no exporter.
 */

/**
 * Hourly, with a `for` of one evaluation: a reminder fires within two hours of its day
 * starting (UTC), whatever time of day Prometheus happens to evaluate the group or restarts.
 */
export const ROTATION_EVALUATION_INTERVAL = '1h';
const DAY_SECONDS = 86400;
const ROTATION_PANEL = { dashboard: 'workload', panel: 'External Secrets sync' } as const;

export function secretRotationRuleGroups(deployment: ResolvedDeployment): RuleGroup[] {
  const { secrets } = deployment;
  if (!secrets) return [];
  const { secretRotationLeadDays: leadDays } = deployment.thresholds;
  const service = deployment.service.name;
  // One series per secret, labelled with the secret and its due date; its value is now.
  const reminders = (window: (dueAt: number) => string) => secrets.inventory.map((entry) => {
    const due = nextRotation(entry);
    const now = `label_replace(label_replace(vector(time()), "secret", "${entry.envVar}", "", ""), "due", "${due}", "", "")`;
    return `${now} ${window(Date.parse(`${due}T00:00:00Z`) / 1000)}`;
  }).join('\nor\n');
  const about = `{{ $labels.secret }} of ${service} (see docs/SECRETS_ROTATION_POLICY.md for its owner and runbook)`;
  const rules: AlertRule[] = [
    {
      alert: `${deployment.alertPrefix}SecretRotationDue`,
      // From the reminder day through the due date itself.
      expr: reminders((dueAt) => `>= ${dueAt - leadDays * DAY_SECONDS} < ${dueAt + DAY_SECONDS}`),
      for: ROTATION_EVALUATION_INTERVAL,
      severity: 'warning',
      response: 'ticket',
      why: 'Nothing is broken yet: the owner has a week to rotate on schedule.',
      signal: 'secrets',
      // The rules read only time(), so no panel graphs them; the policy document lists the dates.
      // A rotation shows as the ExternalSecret syncing the new values.
      dashboardPanel: ROTATION_PANEL,
      summary: `A ${service} secret is due for rotation within ${leadDays} days`,
      description: `${about} must be rotated by {{ $labels.due }}; afterwards update its lastRotated in services/${service}.ts.`,
    },
    {
      alert: `${deployment.alertPrefix}SecretRotationOverdue`,
      // The day after the due date.
      expr: reminders((dueAt) => `>= ${dueAt + DAY_SECONDS}`),
      for: ROTATION_EVALUATION_INTERVAL,
      severity: 'warning',
      response: 'ticket',
      why: 'An overdue credential is a policy breach, not an outage: it needs its owner today, not the on-call tonight.',
      signal: 'secrets',
      dashboardPanel: ROTATION_PANEL,
      summary: `A ${service} secret is overdue for rotation`,
      description: `${about} was due for rotation on {{ $labels.due }}: rotate it now, then update its lastRotated in `
        + `services/${service}.ts (if it was rotated already, only the spec is behind).`,
    },
  ];
  return [{ name: `${deployment.job}.secret-rotation`, interval: ROTATION_EVALUATION_INTERVAL, rules }];
}
