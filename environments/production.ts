import type { EnvironmentSpec } from '../lib/specs/environment-spec';

export const production: EnvironmentSpec = {
  name: 'production',
  tier: 'production',
  namespace: 'reconciliation-platform',
  monitoringNamespace: 'monitoring',
  monitoringSelector: { release: 'kube-prometheus-stack' },
  severityRouting: { critical: 'critical', warning: 'warning', info: 'info' },
  // Placeholder: the VPC's data subnets, where RDS and ElastiCache live.
  dataNetworkCidr: '10.0.0.0/16',
  awsRegion: 'eu-west-1',
  // Placeholder: the Grafana every alert's dashboard_url points at (one serves both environments).
  grafanaUrl: 'https://grafana.reconciliation-platform.example.com',
  alertRouting: {
    configSelector: { release: 'kube-prometheus-stack' },
    pages: true,
    paging: { routingKeyRemoteKey: 'alerting/production/pagerduty-routing-key' },
    chat: { channel: '#reconciliation-alerts', webhookUrlRemoteKey: 'alerting/production/slack-webhook-url' },
    // The dead man's switch's ping URL (docs/DEPLOYMENT.md#the-pagers-own-health).
    heartbeat: { webhookUrlRemoteKey: 'alerting/production/heartbeat-webhook-url' },
    iamRoleArn: 'arn:aws:iam::123456789012:role/alert-routing-production',
  },
  services: {
    'reconciliation-backend': {
      imageTag: '1.4.2',
      iamRoleArn: 'arn:aws:iam::123456789012:role/reconciliation-backend-production',
      publicRoute: { host: 'api.reconciliation-platform.example.com', clusterIssuer: 'letsencrypt-production' },
    },
    'collaboration-api': {
      imageTag: '2.3.0',
      iamRoleArn: 'arn:aws:iam::123456789012:role/collaboration-api-production',
      publicRoute: { host: 'collaboration.reconciliation-platform.example.com', clusterIssuer: 'letsencrypt-production' },
    },
    'aion-monitoring': {
      imageTag: '0.9.4',
    },
  },
};
