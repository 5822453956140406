import { edgeMetrics as edge } from '../lib/monitoring/edge-metrics';
import { eq, seriesSelector } from '../lib/monitoring/promql';
import type { DashboardPanelRef, RuleGroup } from '../lib/monitoring/rule-groups';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';
import { absentInObjectNamespace, inObjectNamespace } from './alert-context';

/** Where the workload dashboard graphs the probe and the certificate (dashboards/workload.ts). */
export const EDGE_PANELS = {
  probe: { dashboard: 'workload', panel: 'Public endpoint probe success' },
  certificate: { dashboard: 'workload', panel: 'Days to certificate expiry' },
  certificateReady: { dashboard: 'workload', panel: 'Certificate Ready (cert-manager)' },
} as const satisfies Record<string, DashboardPanelRef>;

const SECONDS_PER_DAY = 86400;

/**
 * The service's public host seen from outside its pods: the blackbox exporter's probe
 * through DNS, the load balancer, the Gateway and TLS, and cert-manager's Certificate
 * for the host (emitted with the route in the service's namespace, so its series carry the service's namespace). None for a service without a public host.
 *
 * `signal="edge"`: when the pods are down the probe fails too, and the outage alert
 * (signal `outage`) mutes this one, so the incident pages once; when only the edge is
 * broken (DNS, route, certificate) it pages on its own. The certificate page mutes the
 * certificate ticket (a page mutes the warnings of its signal).
 */
export function edgeRuleGroups(deployment: ResolvedDeployment): RuleGroup[] {
  const probe = deployment.edge;
  if (!probe) return [];
  const t = deployment.thresholds;
  const name = deployment.service.name;
  const ofProbe = [eq('namespace', deployment.namespace), eq('service', name), eq('job', probe.job)];
  const daysLeft = `(${seriesSelector(edge.probeCertificateExpiry, ofProbe)} - time()) / ${SECONDS_PER_DAY}`;
  const readyOf = [eq('name', probe.certificate), eq('condition', 'True')];
  const expiryWhy = 'cert-manager renews 30 days ahead, so a certificate this close to expiry means renewal has been failing for weeks';

  return [{
    name: `${deployment.job}.edge`,
    rules: [
      {
        alert: `${deployment.alertPrefix}PublicEndpointDown`,
        expr: `${seriesSelector(edge.probeSuccess, ofProbe)} == 0`,
        for: t.edgeProbeFailingFor,
        severity: 'critical',
        response: 'page',
        why: 'Users cannot reach the service at its public host, and no in-cluster signal sees a broken route, DNS or certificate. '
          + 'Signal edge, not outage: when the pods are down the outage alert mutes this one, so the incident pages once.',
        signal: 'edge',
        dashboardPanel: EDGE_PANELS.probe,
        summary: `${name} does not answer at its public host ${probe.host}`,
        description: `The blackbox exporter has not had a 2xx answer from {{ $labels.instance }} for at least ${t.edgeProbeFailingFor}: `
          + 'users cannot reach the service, whatever its pods\' own metrics say.',
      },
      {
        alert: `${deployment.alertPrefix}CertificateExpiringSoon`,
        expr: `${daysLeft} < ${t.certificateExpiryTicketDays}`,
        for: t.certificateExpiryFor,
        severity: 'warning',
        response: 'ticket',
        why: `Nothing is broken yet and days remain, but ${expiryWhy}: fix the renewal this week.`,
        signal: 'edge',
        dashboardPanel: EDGE_PANELS.certificate,
        summary: `The certificate of ${probe.host} expires in less than ${t.certificateExpiryTicketDays} days`,
        description: `The certificate served at {{ $labels.instance }} expires in less than ${t.certificateExpiryTicketDays} days: `
          + `cert-manager has not renewed Certificate ${probe.certificate} in {{ $labels.namespace }}.`,
      },
      {
        alert: `${deployment.alertPrefix}CertificateExpiryImminent`,
        expr: `${daysLeft} < ${t.certificateExpiryPageDays}`,
        for: t.certificateExpiryFor,
        severity: 'critical',
        response: 'page',
        why: `Within days every client refuses the host, and ${expiryWhy}: it cannot wait for working hours.`,
        signal: 'edge',
        dashboardPanel: EDGE_PANELS.certificate,
        summary: `The certificate of ${probe.host} expires in less than ${t.certificateExpiryPageDays} days`,
        description: `The certificate served at {{ $labels.instance }} expires in less than ${t.certificateExpiryPageDays} days: `
          + `renew Certificate ${probe.certificate} in {{ $labels.namespace }} now, or clients will refuse the host.`,
      },
      {
        alert: `${deployment.alertPrefix}CertificateNotReady`,
        // cert-manager exports the Ready condition as one series per status; True is 0 while not Ready.
        expr: inObjectNamespace(edge.certificateReady, deployment.namespace, readyOf, '!= 1'),
        for: t.certificateNotReadyFor,
        severity: 'critical',
        response: 'page',
        why: 'A Certificate stays Ready while a renewal is retried; not Ready means the Secret holds no valid certificate for the host '
          + '(failed first issuance, expired, deleted, hosts changed), so clients are refused now.',
        signal: 'edge',
        dashboardPanel: EDGE_PANELS.certificateReady,
        summary: `cert-manager's Certificate for ${probe.host} is not Ready`,
        description: `Certificate {{ $labels.name }} in {{ $labels.namespace }} has not been Ready for at least ${t.certificateNotReadyFor}: `
          + `Secret ${probe.certificate} holds no valid certificate for ${probe.host}.`,
      },
      {
        alert: `${deployment.alertPrefix}EdgeProbeMetricsAbsent`,
        expr: `absent(${seriesSelector(edge.probeSuccess, ofProbe)})`,
        for: t.probeMetricsAbsentFor,
        severity: 'warning',
        response: 'warning',
        why: 'Nothing is known to be broken, but the public endpoint and certificate expiry alerts are blind: '
          + 'restore the blackbox exporter or the Probe in working hours.',
        signal: 'edge',
        dashboardPanel: EDGE_PANELS.probe,
        summary: `Prometheus has no probe results for ${probe.host}: the edge alerts of ${name} are blind`,
        description: `No probe_success series of job ${probe.job} in {{ $labels.namespace }} for at least ${t.probeMetricsAbsentFor}: `
          + `the blackbox exporter at ${probe.prober.address} is down or the Probe is not picked up, `
          + `so ${deployment.alertPrefix}PublicEndpointDown cannot fire.`,
      },
      {
        alert: `${deployment.alertPrefix}CertificateMetricsAbsent`,
        expr: absentInObjectNamespace(edge.certificateReady, deployment.namespace, readyOf),
        for: t.certManagerMetricsAbsentFor,
        severity: 'warning',
        response: 'warning',
        why: 'Nothing is known to be broken, but the certificate Ready alert is blind: '
          + 'restore cert-manager\'s metrics or the Certificate in working hours.',
        signal: 'edge',
        dashboardPanel: EDGE_PANELS.certificateReady,
        summary: `Prometheus has no cert-manager metrics for the certificate of ${probe.host}`,
        description: `No certmanager_certificate_ready_status series of Certificate ${probe.certificate} in {{ $labels.namespace }} `
          + `for at least ${t.certManagerMetricsAbsentFor}: cert-manager's metrics are not scraped or the Certificate does not exist, `
          + `so ${deployment.alertPrefix}CertificateNotReady cannot fire.`,
      },
    ],
  }];
}
