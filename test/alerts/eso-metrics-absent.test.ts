import { secretSyncRuleGroups } from '../../alerts/secret-sync-alerts';
import { production } from '../../environments/production';
import { renderForEnvironment } from '../../lib/monitoring/alerting-rules';
import { isAlertRule } from '../../lib/monitoring/rule-groups';
import { externalSecretsMetrics as eso } from '../../lib/secrets/external-secrets-metrics';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { input, shippedGroups } from '../support/alert-scenarios';
import { resolved } from '../support/deployments';
import { gaugeValues, renderAnnotation, testRules } from '../support/rule-tests';

/** SecretSyncFailing reads ESO's series; when they are missing, this alert says the sync alert is blind. */
describe('ExternalSecretMetricsAbsent of reconciliation-backend in production', () => {
  const deployment = resolved(reconciliationBackend, production);
  const groups = shippedGroups(secretSyncRuleGroups, deployment);
  const alert = 'ReconciliationBackendExternalSecretMetricsAbsent';
  const rule = groups.flatMap((group) => group.rules).find((candidate) => isAlertRule(candidate) && candidate.alert === alert);
  const condition = (labels: Record<string, string>) => input(eso.externalSecretCondition.name,
    { name: 'reconciliation-backend', condition: 'Ready', status: 'True', ...labels }, gaugeValues(1, 60));
  const helmDefault = condition({ namespace: 'external-secrets', exported_namespace: production.namespace });
  const honored = condition({ namespace: production.namespace });
  const elsewhere = condition({ namespace: 'external-secrets', exported_namespace: 'some-other-team' });

  it('fires after 30 minutes without the ExternalSecret\'s series; quiet while ESO reports it with or without honorLabels', () => {
    if (!rule || !isAlertRule(rule)) throw new Error(`no ${alert}`);
    const labels = {
      namespace: production.namespace, name: 'reconciliation-backend', condition: 'Ready',
      environment: 'production', service: 'reconciliation-backend', signal: 'secrets', severity: 'warning',
    };
    const render = (template: string) => renderAnnotation(template, labels, 1);
    const result = testRules(renderForEnvironment(groups, production, deployment.service.name), [
      {
        alert, evalTime: '31m', inputs: [elsewhere],
        expected: [{ labels, annotations: {
          summary: render(rule.summary), description: render(rule.description), runbook_url: rule.runbookUrl!, response: 'warning', why: rule.why,
        } }],
      },
      { alert, evalTime: '29m', inputs: [elsewhere], expected: [] },
      { alert, evalTime: '45m', inputs: [helmDefault], expected: [] },
      { alert, evalTime: '45m', inputs: [honored], expected: [] },
    ]);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('exists only for services with secrets', () => {
    const withoutSecrets = { ...deployment, secrets: undefined };
    expect(secretSyncRuleGroups(withoutSecrets)).toEqual([]);
  });
});
