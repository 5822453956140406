import type { EnvironmentSpec } from '../lib/specs/environment-spec';

export const staging: EnvironmentSpec = {
  name: 'staging',
  tier: 'non-production',
  namespace: 'reconciliation-platform-staging',
  monitoringNamespace: 'monitoring',
  monitoringSelector: { release: 'kube-prometheus-stack' },
  // Staging never pages: what would page in production opens a ticket here.
  severityRouting: { critical: 'warning', warning: 'warning', info: 'info' },
  // Placeholder CIDR: the VPC's data subnets, where RDS and ElastiCache live.
  clusters: [{ name: 'eu-west-1', region: 'eu-west-1', dataNetworkCidr: '10.1.0.0/16' }],
  // The staging namespace's ResourceQuota (requests): every service at maxReplicas must fit.
  capacityQuota: { cpuCores: 4, memoryGib: 8 },
  // Placeholder: the Grafana every alert's dashboard_url points at (one serves both environments).
  grafanaUrl: 'https://grafana.reconciliation-platform.example.com',
  alertRouting: {
    configSelector: { release: 'kube-prometheus-stack' },
    // Staging never pages: everything goes to its chat channel.
    pages: false,
    chat: { channel: '#reconciliation-alerts-staging', webhookUrlRemoteKey: 'alerting/staging/slack-webhook-url' },
    // Staging beats too: a routing change breaks here first, and a rejected config would
    // otherwise leave staging silent unnoticed. Its check notifies chat, never the pager.
    heartbeat: { webhookUrlRemoteKey: 'alerting/staging/heartbeat-webhook-url' },
    iamRoleArn: 'arn:aws:iam::123456789012:role/alert-routing-staging',
  },
  services: {
    'reconciliation-backend': {
      imageTag: '1.5.0-rc.1',
      iamRoleArn: 'arn:aws:iam::123456789012:role/reconciliation-backend-staging',
      publicRoute: { host: 'api.staging.reconciliation-platform.example.com', clusterIssuer: 'letsencrypt-staging' },
      autoscaling: { minReplicas: 2, maxReplicas: 4 },
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    },
    'collaboration-api': {
      imageTag: '2.4.0-rc.2',
      iamRoleArn: 'arn:aws:iam::123456789012:role/collaboration-api-staging',
      publicRoute: { host: 'collaboration.staging.reconciliation-platform.example.com', clusterIssuer: 'letsencrypt-staging' },
      autoscaling: { minReplicas: 2, maxReplicas: 4 },
    },
    'aion-monitoring': {
      imageTag: '0.10.0-rc.1',
      autoscaling: { minReplicas: 2, maxReplicas: 3 },
    },
  },
};
