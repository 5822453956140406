import { edgeRuleGroups } from '../../alerts/edge-alerts';
import { production } from '../../environments/production';
import { edgeMetrics as edge } from '../../lib/monitoring/edge-metrics';
import type { ResolvedDeployment } from '../../lib/plan/resolved-deployment';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { AlertScenario, describeAlertScenarios, input, inOtherNamespace } from '../support/alert-scenarios';
import { deployedServices, expectBothKinds, resolved } from '../support/deployments';
import { gaugeValues, type InputSeries } from '../support/rule-tests';
import { sustained } from '../support/sustained-scenarios';

const DAY = 86400;
const MINUTES = 60;

/** Series of the service's Probe as Prometheus stores them: the Probe's static labels, its job and the URL as instance. */
function probeLabels(context: ResolvedDeployment, service = context.service.name): Record<string, string> {
  const probe = context.edge!;
  return { namespace: context.namespace, service, job: `probe/${context.namespace}/${service}`, instance: probe.target };
}

/** cert-manager's target labels; with its Helm chart's default (honorLabels: false) the Certificate's namespace is `exported_namespace`. */
function certManagerLabels(context: ResolvedDeployment, setup: 'helm-default' | 'honored', name = context.edge!.certificate) {
  const target = { job: 'cert-manager', instance: '10.0.4.7:9402' };
  return setup === 'helm-default'
    ? { namespace: 'cert-manager', exported_namespace: context.namespace, name, ...target }
    : { namespace: context.namespace, name, ...target };
}

/** The Ready condition as cert-manager exports it: one series per status, 1 on the current one. */
function readyStatus(labels: Record<string, string>, ready: boolean): InputSeries[] {
  return (['True', 'False', 'Unknown'] as const).map((condition) =>
    input(edge.certificateReady.name, { ...labels, condition }, gaugeValues((condition === 'True') === ready && condition !== 'Unknown' ? 1 : 0, MINUTES)));
}

/** The served certificate expires `days` after the test's time zero. */
function certificateExpiry(context: ResolvedDeployment, days: number, labels = probeLabels(context)): InputSeries {
  return input(edge.probeCertificateExpiry.name, labels, gaugeValues(days * DAY, MINUTES));
}

function scenarios(context: ResolvedDeployment): AlertScenario[] {
  const probe = (value: number, labels = probeLabels(context)) => input(edge.probeSuccess.name, labels, gaugeValues(value, MINUTES));
  const other = probeLabels(context, 'another-service');
  const { namespace } = context;
  const expiryAt = (days: number, minute: number) => ({ inputs: [certificateExpiry(context, days)], evalTime: `${minute}m` });
  const { job, instance } = probeLabels(context);
  const helmDefault = certManagerLabels(context, 'helm-default');
  const honored = certManagerLabels(context, 'honored');

  return [
    sustained(context, {
      alert: 'PublicEndpointDown', threshold: 'edgeProbeFailingFor',
      title: 'pages when the probe of the public URL fails for `for`; quiet while it succeeds, or when another service\'s probe fails',
      conditions: [{ inputs: [probe(0)], labels: { namespace, job, instance }, value: 0 }],
      healthy: [[probe(1)], [probe(1), probe(0, other)]],
    }),
    {
      alert: 'CertificateExpiringSoon',
      title: 'opens a ticket for a certificate 10 days from expiry; quiet at 30 and 20 days, and before `for`',
      firing: [{ ...expiryAt(10, 17), labels: { namespace, job, instance }, value: 10 }],
      quiet: [expiryAt(30, 17), expiryAt(20, 17), expiryAt(10, 14), { inputs: inOtherNamespace([certificateExpiry(context, 10)], namespace), evalTime: '17m' }],
      brokenThreshold: { certificateExpiryTicketDays: 5 },
    },
    {
      alert: 'CertificateExpiryImminent',
      title: 'pages for a certificate 2 days from expiry; quiet at 10 and 30 days (the ticket\'s), and before `for`',
      firing: [{ ...expiryAt(2, 17), labels: { namespace, job, instance }, value: 2 }],
      quiet: [expiryAt(10, 17), expiryAt(30, 17), expiryAt(2, 14), { inputs: inOtherNamespace([certificateExpiry(context, 2)], namespace), evalTime: '17m' }],
      brokenThreshold: { certificateExpiryPageDays: 1 },
    },
    sustained(context, {
      alert: 'CertificateNotReady', threshold: 'certificateNotReadyFor',
      title: 'pages when the host\'s Certificate is not Ready for `for`, with or without honorLabels; quiet while Ready, or for another Certificate',
      conditions: [
        { inputs: readyStatus(helmDefault, false), labels: { ...helmDefault, namespace, condition: 'True' }, value: 0 },
        { inputs: readyStatus(honored, false), labels: { ...honored, condition: 'True' }, value: 0 },
      ],
      healthy: [
        readyStatus(helmDefault, true),
        readyStatus(honored, true),
        [...readyStatus(helmDefault, true), ...readyStatus(certManagerLabels(context, 'helm-default', 'another-tls'), false)],
      ],
    }),
    sustained(context, {
      alert: 'EdgeProbeMetricsAbsent', threshold: 'probeMetricsAbsentFor', scoped: false,
      title: 'warns when the service\'s Probe has no series for `for` (another service\'s probe does not count); quiet while it reports, failing or not',
      conditions: [{ inputs: [probe(1, other)], labels: { namespace, job }, value: 1 }],
      healthy: [[probe(1)], [probe(0)]],
    }),
    sustained(context, {
      alert: 'CertificateMetricsAbsent', threshold: 'certManagerMetricsAbsentFor', scoped: false,
      title: 'warns when cert-manager reports nothing of the host\'s Certificate for `for`; quiet while it does, with or without honorLabels',
      conditions: [{
        inputs: readyStatus(certManagerLabels(context, 'helm-default', 'another-tls'), true),
        labels: { namespace, name: context.edge!.certificate, condition: 'True' }, value: 1,
      }],
      healthy: [readyStatus(helmDefault, false), readyStatus(honored, true)],
    }),
  ];
}

describeAlertScenarios('edge', edgeRuleGroups, scenarios, (deployment) => deployment.edge !== undefined);

describe('edge alerts', () => {
  it('exist only for services with a public host in the environment', () => {
    const deployments = deployedServices();
    for (const deployment of deployments) {
      const isPublic = deployment.workload.publicRoute !== undefined;
      expect({ deployment: deployment.file, alerts: edgeRuleGroups(deployment).length > 0, edge: deployment.edge !== undefined })
        .toEqual({ deployment: deployment.file, alerts: isPublic, edge: isPublic });
    }
    expectBothKinds(deployments.map((deployment) => deployment.workload.publicRoute !== undefined));
  });

  it('read the probe series by the labels the service\'s Probe gives them', () => {
    const deployment = resolved(reconciliationBackend, production);
    const [group] = edgeRuleGroups(deployment);
    const matchers = 'namespace="reconciliation-platform", service="reconciliation-backend", job="probe/reconciliation-platform/reconciliation-backend"';
    expect(group.rules[0]).toMatchObject({ expr: `probe_success{${matchers}} == 0`, for: '5m', severity: 'critical', response: 'page', signal: 'edge' });
  });
});
