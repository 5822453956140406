import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { ALERT_ROUTING_FILE } from '../../lib/charts/alert-routing-chart';
import {
  GROUP_BY, HEARTBEAT_TIMING, PAGE_GROUP_BY, RECEIVER_CREDENTIALS_SECRET, SEVERITY_TIMING,
} from '../../lib/monitoring/alert-routing';
import type { AlertRoutingSpec } from '../../lib/specs/environment-spec';
import { PAGERDUTY_DESCRIPTION, SLACK_TEXT, SLACK_TITLE } from '../../lib/monitoring/notification-templates';
import { durationSeconds } from '../../lib/monitoring/prometheus-duration';
import { chartFiles, synthesizeChart } from '../../lib/synth/synthesize';
import { KubernetesObject, validateAgainstSchemas } from '../../lib/validation/schema-validation';
import { alertRoutingObjects } from '../support/alert-routing';
import { planOf } from '../support/deployments';
import { findObject } from '../support/charts';

// The wire format is untyped JSON here; the schema test below holds it to the CRD.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const PRODUCTION_ROUTING = production.alertRouting;
const STAGING_ROUTING = staging.alertRouting;
const config = (objects: readonly KubernetesObject[]) => findObject(objects, 'AlertmanagerConfig', 'alert-routing') as Json;
const externalSecret = (objects: readonly KubernetesObject[]) => findObject(objects, 'ExternalSecret', 'alert-routing') as Json;

describe('AlertRouting in production', () => {
  const objects = alertRoutingObjects(production);

  it('emits the credentials sync and one AlertmanagerConfig in the environment namespace, all schema-valid', async () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ServiceAccount/alert-routing-secrets-reader',
      'SecretStore/alert-routing-aws-secrets-manager',
      'ExternalSecret/alert-routing',
      'AlertmanagerConfig/alert-routing',
      'PrometheusRule/alert-routing',
      'ConfigMap/production-namespace-dashboard',
    ]);
    expect(new Set(objects.map((o) => o.metadata?.namespace))).toEqual(new Set([production.namespace]));
    expect(await validateAgainstSchemas('production/eu-west-1/01-alert-routing.k8s.yaml', objects)).toEqual([]);
  });

  it('carries the Alertmanager\'s config selector labels', () => {
    expect(config(objects).metadata.labels).toMatchObject({ release: 'kube-prometheus-stack', environment: 'production' });
  });

  it('pages critical alerts through PagerDuty, grouped per service, and sends warning and info to Slack, grouped per alert and service', () => {
    const route = config(objects).spec.route;
    expect(route.groupBy).toEqual([...GROUP_BY]);
    expect(route.routes[1].groupBy).toEqual([...PAGE_GROUP_BY]);
    expect(route.routes.slice(2).map((child: Json) => child.groupBy)).toEqual([undefined, undefined]);
    expect(route.receiver).toBe('slack');
    expect(route.routes.map((child: Json) => [child.matchers, child.receiver])).toEqual([
      [[{ name: 'signal', value: 'heartbeat', matchType: '=' }], 'heartbeat'],
      [[{ name: 'severity', value: 'critical', matchType: '=' }], 'pagerduty'],
      [[{ name: 'severity', value: 'warning', matchType: '=' }], 'slack'],
      [[{ name: 'severity', value: 'info', matchType: '=' }], 'slack'],
    ]);
  });

  it('times each severity from SEVERITY_TIMING: a page waits 30 s and repeats hourly', () => {
    const [, critical, warning, info] = config(objects).spec.route.routes;
    expect(critical).toMatchObject({ groupWait: '30s', groupInterval: '5m', repeatInterval: '1h' });
    expect(warning).toMatchObject(SEVERITY_TIMING.warning);
    expect(info).toMatchObject(SEVERITY_TIMING.info);
  });

  it('reads receiver credentials only from the Secret the ExternalSecret writes, never as literals', () => {
    const receivers = config(objects).spec.receivers;
    const pagerduty = receivers.find((r: Json) => r.name === 'pagerduty').pagerdutyConfigs[0];
    const slack = receivers.find((r: Json) => r.name === 'slack').slackConfigs[0];
    const heartbeat = receivers.find((r: Json) => r.name === 'heartbeat').webhookConfigs[0];
    expect(pagerduty.routingKey).toEqual({ name: RECEIVER_CREDENTIALS_SECRET, key: 'PAGERDUTY_ROUTING_KEY' });
    expect(heartbeat.urlSecret).toEqual({ name: RECEIVER_CREDENTIALS_SECRET, key: 'HEARTBEAT_WEBHOOK_URL' });
    expect(slack.apiURL).toEqual({ name: RECEIVER_CREDENTIALS_SECRET, key: 'SLACK_WEBHOOK_URL' });
    expect(slack.channel).toBe('#reconciliation-alerts');

    const sync = externalSecret(objects);
    expect(sync.spec.target.name).toBe(RECEIVER_CREDENTIALS_SECRET);
    expect(sync.spec.data).toEqual([
      { secretKey: 'PAGERDUTY_ROUTING_KEY', remoteRef: { key: 'alerting/production/pagerduty-routing-key' } },
      { secretKey: 'SLACK_WEBHOOK_URL', remoteRef: { key: 'alerting/production/slack-webhook-url' } },
      { secretKey: 'HEARTBEAT_WEBHOOK_URL', remoteRef: { key: 'alerting/production/heartbeat-webhook-url' } },
    ]);
    expect(sync.metadata.annotations['rotation.reconciliation-platform.io/SLACK_WEBHOOK_URL.period-days']).toBe('365');
  });

  it('sends the heartbeat first, alone, to its dead man\'s switch at least every 15 minutes, and never as resolved', () => {
    const [first] = config(objects).spec.route.routes;
    expect(first).toMatchObject({ receiver: 'heartbeat', ...HEARTBEAT_TIMING });
    expect(first.continue).toBeUndefined();
    // Alertmanager re-checks a group every groupInterval: a repeat is due at most one interval late.
    expect(durationSeconds('repeat', first.repeatInterval) + durationSeconds('interval', first.groupInterval)).toBeLessThanOrEqual(15 * 60);
    const heartbeat = config(objects).spec.receivers.find((r: Json) => r.name === 'heartbeat').webhookConfigs[0];
    expect(heartbeat.sendResolved).toBe(false);
  });

  it('fills the Slack title and text and the PagerDuty description and details from the alerts\' labels and annotations', () => {
    const receivers = config(objects).spec.receivers;
    const slack = receivers.find((r: Json) => r.name === 'slack').slackConfigs[0];
    const pagerduty = receivers.find((r: Json) => r.name === 'pagerduty').pagerdutyConfigs[0];
    expect([slack.title, slack.text, pagerduty.description]).toEqual([SLACK_TITLE, SLACK_TEXT, PAGERDUTY_DESCRIPTION]);
    expect(pagerduty.details.map((pair: Json) => pair.key)).toEqual(['environment', 'cluster', 'service', 'severity', 'num_firing', 'num_resolved', 'alerts']);
  });

  it('ships the heartbeat and the credentials\' sync alert in its own PrometheusRule, in the environment namespace', () => {
    const rule = findObject(objects, 'PrometheusRule', 'alert-routing') as Json;
    const [heartbeat, sync] = rule.spec.groups[0].rules;
    expect(heartbeat).toMatchObject({ alert: 'AlertRoutingHeartbeat', expr: 'vector(1)' });
    expect(heartbeat.labels).toMatchObject({ namespace: production.namespace, signal: 'heartbeat', environment: 'production', service: 'alert-routing' });
    expect(sync).toMatchObject({ alert: 'AlertRoutingSecretSyncFailing', labels: { severity: 'warning', signal: 'secrets' } });
    expect(sync.expr).toContain('name="alert-routing"');
  });

  it('inhibits a service\'s other alerts during its outage, and the warning of a paged signal, within one cluster', () => {
    expect(config(objects).spec.inhibitRules).toEqual([
      {
        sourceMatch: [{ name: 'signal', value: 'outage', matchType: '=' }],
        targetMatch: [{ name: 'signal', value: 'outage', matchType: '!=' }],
        equal: ['cluster', 'namespace', 'service'],
      },
      {
        sourceMatch: [{ name: 'severity', value: 'critical', matchType: '=' }, { name: 'signal', value: '.+', matchType: '=~' }],
        targetMatch: [{ name: 'severity', value: 'warning|info', matchType: '=~' }],
        equal: ['cluster', 'namespace', 'service', 'signal'],
      },
    ]);
  });
});

describe('AlertRouting in staging, which never pages', () => {
  const objects = alertRoutingObjects(staging);

  it('has no paging receiver and sends every severity to Slack', () => {
    const spec = config(objects).spec;
    expect(spec.receivers.map((r: Json) => r.name)).toEqual(['heartbeat', 'slack']);
    expect(spec.route.routes.map((child: Json) => child.receiver)).toEqual(['heartbeat', 'slack', 'slack', 'slack']);
  });

  it('reads no PagerDuty key', () => {
    expect(externalSecret(objects).spec.data.map((entry: Json) => entry.secretKey)).toEqual(['SLACK_WEBHOOK_URL', 'HEARTBEAT_WEBHOOK_URL']);
  });
});

describe('the alert routing chart of each environment plan', () => {
  // One per cluster: each cluster's Alertmanager routes its own alerts (and pings its own heartbeat).
  it.each(production.clusters.map((cluster) => [cluster.name]))(
    'writes dist/production/%s/{foundation,workloads}/01-alert-routing.k8s.yaml, after the namespace and before the services', (cluster) => {
      const folder = `production/${cluster}`;
      const plan = planOf([production], []).charts.find((chart) => chart.file === `${folder}/${ALERT_ROUTING_FILE}`)!;
      expect(plan.file).toBe(`${folder}/${ALERT_ROUTING_FILE}`);
      expect(plan.environment?.cluster.folder).toBe(folder);
      expect(ALERT_ROUTING_FILE < 'aion-monitoring.k8s.yaml' && ALERT_ROUTING_FILE > '00-namespace.k8s.yaml').toBe(true);
      expect(plan.deployment).toBeUndefined();
      const chart = synthesizeChart(plan);
      expect(chart.objects.map((o) => o.kind)).toContain('AlertmanagerConfig');
      const written = chartFiles('dist', chart);
      expect(written.map((file) => file.path)).toEqual([`dist/${folder}/foundation/${ALERT_ROUTING_FILE}`, `dist/${folder}/workloads/${ALERT_ROUTING_FILE}`]);
      expect(written[1].content).toContain('kind: AlertmanagerConfig');
    });
});

describe('AlertRouting refuses bad input', () => {
  const build = (routing: Partial<AlertRoutingSpec>, environment = production) =>
    () => alertRoutingObjects(environment, { ...PRODUCTION_ROUTING, ...routing } as AlertRoutingSpec);

  it('needs the Alertmanager\'s selector labels, valid ones', () => {
    expect(build({ configSelector: {} })).toThrow('alertRouting.configSelector ({}) must name at least one label');
    expect(build({ configSelector: { release: 'kube prometheus' } }))
      .toThrow('alertRouting.configSelector.release ("kube prometheus") must be a valid Kubernetes label value');
    expect(build({ configSelector: { 'bad key!': 'x' } })).toThrow('alertRouting.configSelector ("bad key!") must use valid Kubernetes label names');
  });

  it('needs the routing key where the environment pages, and refuses it where it does not', () => {
    expect(build({ paging: undefined })).toThrow('alertRouting.paging (undefined) must be set when pages is true');
    expect(build({ pages: false })).toThrow('alertRouting.paging ({"routingKeyRemoteKey":"alerting/production/pagerduty-routing-key"}) must be left out when pages is false');
    expect(build({ pages: 'yes' as unknown as boolean })).toThrow('alertRouting.pages ("yes") must be true');
    expect(build({ paging: { routingKeyRemoteKey: 'bad key' } }))
      .toThrow('alertRouting.paging.routingKeyRemoteKey ("bad key") must be an AWS Secrets Manager secret name');
  });

  it('needs a Slack channel and a webhook secret distinct from the routing key', () => {
    expect(build({ chat: { ...PRODUCTION_ROUTING.chat, channel: 'alerts' } })).toThrow('alertRouting.chat.channel ("alerts") must be a Slack channel');
    expect(build({ chat: undefined })).toThrow('alertRouting.chat (undefined) must be set');
    expect(build({ chat: { ...PRODUCTION_ROUTING.chat, webhookUrlRemoteKey: 'alerting/production/pagerduty-routing-key' } }))
      .toThrow('alertRouting.chat.webhookUrlRemoteKey ("alerting/production/pagerduty-routing-key") must differ from paging.routingKeyRemoteKey');
  });

  it('needs a heartbeat secret of its own', () => {
    expect(build({ heartbeat: undefined })).toThrow('alertRouting.heartbeat (undefined) must be set');
    expect(build({ heartbeat: { webhookUrlRemoteKey: PRODUCTION_ROUTING.chat.webhookUrlRemoteKey } }))
      .toThrow('alertRouting.heartbeat.webhookUrlRemoteKey ("alerting/production/slack-webhook-url") must differ from the paging and chat secrets');
  });

  it('reads the credentials only through an IRSA role, in a real region', () => {
    expect(build({ iamRoleArn: undefined })).toThrow(
      'alertRouting.iamRoleArn (undefined) must be set for ServiceAccount "alert-routing-secrets-reader" (alertRouting.iamRoleArn)');
    expect(build({ iamRoleArn: 'alert-routing' })).toThrow('alertRouting.iamRoleArn ("alert-routing") must be an IAM role ARN');
    expect(() => alertRoutingObjects({ ...staging, clusters: [{ ...staging.clusters[0], region: 'Ireland' }] }, STAGING_ROUTING))
      .toThrow('awsRegion ("Ireland") must be the AWS region of the Secrets Manager to read');
  });
});
