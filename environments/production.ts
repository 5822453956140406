import type { EnvironmentSpec } from '../lib/specs/environment-spec';

export const production: EnvironmentSpec = {
  name: 'production',
  tier: 'production',
  namespace: 'reconciliation-platform',
  monitoringNamespace: 'monitoring',
  monitoringSelector: { release: 'kube-prometheus-stack' },
  severityRouting: { critical: 'critical', warning: 'warning', info: 'info' },
  // Two regions, each serving the global hosts; DNS steers users between them.
  clusters: [
    // Placeholder CIDRs: each region's VPC data subnets, where RDS and ElastiCache live.
    // Each cluster pings its own dead man's switch (docs/DEPLOYMENT.md#the-pagers-own-health).
    { name: 'eu-west-1', region: 'eu-west-1', dataNetworkCidr: '10.0.0.0/16', heartbeatWebhookUrlRemoteKey: 'alerting/production/eu-west-1/heartbeat-webhook-url' },
    { name: 'us-east-1', region: 'us-east-1', dataNetworkCidr: '10.2.0.0/16', heartbeatWebhookUrlRemoteKey: 'alerting/production/us-east-1/heartbeat-webhook-url' },
  ],
  // Placeholder: the Grafana every alert's dashboard_url points at (one serves both environments).
  grafanaUrl: 'https://grafana.reconciliation-platform.example.com',
  alertRouting: {
    configSelector: { release: 'kube-prometheus-stack' },
    pages: true,
    paging: { routingKeyRemoteKey: 'alerting/production/pagerduty-routing-key' },
    chat: { channel: '#reconciliation-alerts', webhookUrlRemoteKey: 'alerting/production/slack-webhook-url' },
    // The dead man's switch's ping URL (docs/DEPLOYMENT.md#the-pagers-own-health); each cluster names its own below.
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
