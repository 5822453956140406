import { Construct } from 'constructs';
import {
  AlertmanagerConfig,
  AlertmanagerConfigSpecInhibitRules,
  AlertmanagerConfigSpecInhibitRulesSourceMatchMatchType as SourceMatchType,
  AlertmanagerConfigSpecInhibitRulesTargetMatchMatchType as TargetMatchType,
  AlertmanagerConfigSpecRoute,
  AlertmanagerConfigSpecRouteMatchersMatchType as RouteMatchType,
} from '../../imports/alertmanagerconfig-monitoring.coreos.com';
import { checkSecretsManagerName, SyncedSecret } from '../secrets/secret-inventory';
import { checkAwsRegion, checkIamRoleArn, SecretsManagerSync, secretsReaderServiceAccountName } from '../secrets/secrets-manager-sync';
import type { AlertRoutingSpec, Severity } from '../specs/environment-spec';
import { check } from '../validation/errors';
import { PAGERDUTY_DESCRIPTION, PAGERDUTY_DETAILS, SLACK_TEXT, SLACK_TITLE } from './notification-templates';
import type { AlertSignal } from './rule-groups';
import { CLUSTER_LABEL } from './promql';

export interface AlertRoutingProps extends AlertRoutingSpec {
  /** AWS region of the Secrets Manager holding the credentials (EnvironmentSpec.awsRegion). */
  readonly region: string;
}

/** Name of the AlertmanagerConfig, its ExternalSecret and (with a suffix) its store and reader ServiceAccount. */
export const ALERT_ROUTING_NAME = 'alert-routing';
/** CamelCase prefix of the environment's own alerts (the heartbeat, the credentials' sync), as a service's name prefixes its alerts. */
export const ALERT_ROUTING_ALERT_PREFIX = 'AlertRouting';
/** The Secret ESO writes the receiver credentials to; the AlertmanagerConfig references its keys. */
export const RECEIVER_CREDENTIALS_SECRET = 'alert-routing-receivers';
/** Keys of that Secret. */
export const PAGERDUTY_ROUTING_KEY = 'PAGERDUTY_ROUTING_KEY';
export const SLACK_WEBHOOK_URL = 'SLACK_WEBHOOK_URL';
export const HEARTBEAT_WEBHOOK_URL = 'HEARTBEAT_WEBHOOK_URL';
/** Receiver names inside the AlertmanagerConfig; the operator prefixes them with `<namespace>/alert-routing/`. */
export const PAGING_RECEIVER = 'pagerduty';
export const CHAT_RECEIVER = 'slack';
export const HEARTBEAT_RECEIVER = 'heartbeat';
/** The `signal` of the heartbeat alert; the heartbeat route matches it. */
export const HEARTBEAT_SIGNAL: AlertSignal = 'heartbeat';

/**
 * Chat: one notification group per alert, per cluster, per service, per namespace, so each
 * message is about one thing in one place. An alert without a `cluster` label (a
 * Prometheus without the external label) groups as the empty value, as before.
 */
export const GROUP_BY = ['alertname', CLUSTER_LABEL, 'namespace', 'service'] as const;
/**
 * Pages: one group per cluster, service and namespace, so whatever mix of outage, SLO and
 * edge alerts one incident raises, PagerDuty gets one dedup key (the group's) and one
 * incident; alerts joining later update that incident instead of opening another. An
 * outage in one region pages once and names it; the same outage in two regions is two
 * incidents, one per cluster.
 */
export const PAGE_GROUP_BY = [CLUSTER_LABEL, 'namespace', 'service'] as const;

export interface NotificationTiming {
  /** Wait before the first notification of a new group, to batch alerts that fire together. */
  readonly groupWait: string;
  /** Wait before notifying about alerts added to a group that already notified. */
  readonly groupInterval: string;
  /** Re-notify a group that is still firing unchanged after this long. */
  readonly repeatInterval: string;
}

/**
 * Timing by severity. A page must be fast and is re-sent hourly while it fires, so a
 * lost notification is noticed (PagerDuty folds repeats into the open incident). A
 * warning batches for a minute and reminds twice a working day; an info heads-up
 * becomes a slow digest with a daily reminder.
 */
export const SEVERITY_TIMING: Readonly<Record<Severity, NotificationTiming>> = {
  critical: { groupWait: '30s', groupInterval: '5m', repeatInterval: '1h' },
  warning: { groupWait: '1m', groupInterval: '10m', repeatInterval: '12h' },
  info: { groupWait: '5m', groupInterval: '30m', repeatInterval: '24h' },
};
const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

/**
 * The heartbeat fires all the time, so its group notifies once at once and then every
 * repeatInterval (Alertmanager re-checks a group every groupInterval, so pings come
 * every 5 minutes, give or take a minute). The external check expects one every 5
 * minutes with a grace of 10 (docs/DEPLOYMENT.md): it pages within 15 minutes of the
 * last ping.
 */
export const HEARTBEAT_TIMING: NotificationTiming = { groupWait: '10s', groupInterval: '1m', repeatInterval: '5m' };

/**
 * Receiver credentials are integration keys issued by PagerDuty and Slack; DevOps
 * re-issues them by hand yearly, like the other third-party keys (SENTRY_DSN).
 */
const RECEIVER_CREDENTIAL_ROTATION = { rotationPeriodDays: 365, owner: 'DevOps', rotation: 'manual' } as const;

const FIELD = 'alertRouting';
// Slack channel names: lowercase letters, digits, hyphens and underscores, at most 80.
const SLACK_CHANNEL = /^#[a-z0-9_-]{1,80}$/;
const LABEL_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/**
 * Routes one environment's alerts: one AlertmanagerConfig in the environment's
 * namespace (the operator adds a `namespace` matcher, so it only ever sees this
 * namespace's alerts) and the ExternalSecret that brings the receiver credentials
 * from Secrets Manager. Critical pages where the environment pages; everything else,
 * and everything in an environment that does not page, goes to chat. An outage
 * inhibits the rest of its service's alerts, and a page the warning of the same signal.
 */
export class AlertRouting extends Construct {
  public readonly config: AlertmanagerConfig;

  constructor(scope: Construct, id: string, props: AlertRoutingProps) {
    super(scope, id);
    validateAlertRouting(props);
    checkAwsRegion('awsRegion', props.region, 'the cluster\'s region');
    checkIamRoleArn(`${FIELD}.iamRoleArn`, secretsReaderServiceAccountName(ALERT_ROUTING_NAME), props.iamRoleArn, `${FIELD}.iamRoleArn`);

    const labels = { 'app.kubernetes.io/name': ALERT_ROUTING_NAME, 'app.kubernetes.io/managed-by': 'cdk8s' };
    new SecretsManagerSync(this, 'Credentials', {
      owner: ALERT_ROUTING_NAME,
      externalSecretName: ALERT_ROUTING_NAME,
      targetSecretName: RECEIVER_CREDENTIALS_SECRET,
      inventory: credentialInventory(props),
      region: props.region,
      iamRoleArn: props.iamRoleArn,
      labels: { ...labels, 'app.kubernetes.io/component': 'secrets' },
    });

    const credential = (key: string) => ({ name: RECEIVER_CREDENTIALS_SECRET, key });
    this.config = new AlertmanagerConfig(this, 'Config', {
      metadata: {
        name: ALERT_ROUTING_NAME,
        // The selector last: whatever else is set, the Alertmanager must select this object.
        labels: { ...labels, 'app.kubernetes.io/component': 'alerting', ...props.configSelector },
      },
      spec: {
        route: routeTree(props.pages),
        receivers: [
          {
            name: HEARTBEAT_RECEIVER,
            // Never sendResolved: a "resolved" post, sent when Prometheus stops sending the
            // heartbeat, would reach the switch as one more ping and delay its page.
            webhookConfigs: [{ urlSecret: credential(HEARTBEAT_WEBHOOK_URL), sendResolved: false }],
          },
          ...(props.pages ? [{
            name: PAGING_RECEIVER,
            pagerdutyConfigs: [{
              routingKey: credential(PAGERDUTY_ROUTING_KEY),
              sendResolved: true,
              description: PAGERDUTY_DESCRIPTION,
              details: Object.entries(PAGERDUTY_DETAILS).map(([key, value]) => ({ key, value })),
            }],
          }] : []),
          {
            name: CHAT_RECEIVER,
            slackConfigs: [{
              apiUrl: credential(SLACK_WEBHOOK_URL),
              channel: props.chat.channel,
              sendResolved: true,
              title: SLACK_TITLE,
              text: SLACK_TEXT,
            }],
          },
        ],
        inhibitRules: INHIBIT_RULES,
      },
    });
  }
}

/**
 * The first child takes the heartbeat to its own receiver (and no further: continue is
 * false). The others match on severity only; the first match wins. The top route
 * catches an alert without a known severity in chat, on warning timing, so nothing is dropped.
 */
function routeTree(pages: boolean): AlertmanagerConfigSpecRoute {
  const receiverFor = (severity: Severity) => (pages && severity === 'critical' ? PAGING_RECEIVER : CHAT_RECEIVER);
  return {
    receiver: CHAT_RECEIVER,
    groupBy: [...GROUP_BY],
    ...SEVERITY_TIMING.warning,
    routes: [{
      receiver: HEARTBEAT_RECEIVER,
      matchers: [{ name: 'signal', value: HEARTBEAT_SIGNAL, matchType: RouteMatchType.VALUE_EQUALS }],
      ...HEARTBEAT_TIMING,
    }, ...SEVERITIES.map((severity) => ({
      receiver: receiverFor(severity),
      matchers: [{ name: 'severity', value: severity, matchType: RouteMatchType.VALUE_EQUALS }],
      ...(severity === 'critical' ? { groupBy: [...PAGE_GROUP_BY] } : {}),
      ...SEVERITY_TIMING[severity],
    }))],
  };
}

const INHIBIT_RULES: AlertmanagerConfigSpecInhibitRules[] = [
  {
    // The service is down: its latency, database, cache… alerts are symptoms of it.
    // The target excludes outage alerts, so two outage alerts never mute each other; an
    // outage in one cluster never mutes another cluster's alerts.
    sourceMatch: [{ name: 'signal', value: 'outage', matchType: SourceMatchType.VALUE_EQUALS }],
    targetMatch: [{ name: 'signal', value: 'outage', matchType: TargetMatchType.VALUE_NOT_EQUALS_TO }],
    equal: [CLUSTER_LABEL, 'namespace', 'service'],
  },
  {
    // Someone is paged for this signal: its early warning adds nothing. The page must
    // name its signal: `equal` treats two missing labels as equal, so an unlabelled
    // page would otherwise mute every unlabelled warning of its service.
    sourceMatch: [
      { name: 'severity', value: 'critical', matchType: SourceMatchType.VALUE_EQUALS },
      { name: 'signal', value: '.+', matchType: SourceMatchType.VALUE_EQUAL_TILDE },
    ],
    targetMatch: [{ name: 'severity', value: 'warning|info', matchType: TargetMatchType.VALUE_EQUAL_TILDE }],
    equal: [CLUSTER_LABEL, 'namespace', 'service', 'signal'],
  },
];

function credentialInventory(props: AlertRoutingProps): SyncedSecret[] {
  return [
    ...(props.pages ? [{ envVar: PAGERDUTY_ROUTING_KEY, remoteKey: props.paging!.routingKeyRemoteKey, ...RECEIVER_CREDENTIAL_ROTATION }] : []),
    { envVar: SLACK_WEBHOOK_URL, remoteKey: props.chat.webhookUrlRemoteKey, ...RECEIVER_CREDENTIAL_ROTATION },
    { envVar: HEARTBEAT_WEBHOOK_URL, remoteKey: props.heartbeat.webhookUrlRemoteKey, ...RECEIVER_CREDENTIAL_ROTATION },
  ];
}

/** Checks an AlertRoutingSpec; every message names the field under `alertRouting`. */
export function validateAlertRouting(spec: AlertRoutingSpec): void {
  const selector = spec.configSelector ?? {};
  check(Object.keys(selector).length > 0, `${FIELD}.configSelector`, spec.configSelector,
    'must name at least one label: the Alertmanager only reads AlertmanagerConfigs carrying its alertmanagerConfigSelector labels');
  for (const [name, value] of Object.entries(selector)) {
    check(LABEL_NAME.test(name), `${FIELD}.configSelector`, name, 'must use valid Kubernetes label names');
    check(LABEL_VALUE.test(value), `${FIELD}.configSelector.${name}`, value, 'must be a valid Kubernetes label value');
  }
  check(typeof spec.pages === 'boolean', `${FIELD}.pages`, spec.pages, 'must be true (critical alerts page) or false (everything goes to chat)');
  if (spec.pages) {
    check(spec.paging !== undefined, `${FIELD}.paging`, spec.paging,
      'must be set when pages is true: it names the Secrets Manager secret holding the PagerDuty routing key');
    checkSecretsManagerName(`${FIELD}.paging.routingKeyRemoteKey`, spec.paging!.routingKeyRemoteKey);
  } else {
    check(spec.paging === undefined, `${FIELD}.paging`, spec.paging,
      'must be left out when pages is false: nothing would page, so the key would be read for nothing; set pages to true to page');
  }
  check(spec.chat !== undefined, `${FIELD}.chat`, spec.chat, 'must be set: every alert that does not page goes to chat');
  check(typeof spec.chat.channel === 'string' && SLACK_CHANNEL.test(spec.chat.channel), `${FIELD}.chat.channel`, spec.chat.channel,
    'must be a Slack channel: "#" then lowercase letters, digits, "-" or "_"');
  checkSecretsManagerName(`${FIELD}.chat.webhookUrlRemoteKey`, spec.chat.webhookUrlRemoteKey);
  check(spec.paging?.routingKeyRemoteKey !== spec.chat.webhookUrlRemoteKey, `${FIELD}.chat.webhookUrlRemoteKey`, spec.chat.webhookUrlRemoteKey,
    'must differ from paging.routingKeyRemoteKey: the routing key and the webhook URL are two secrets');
  check(spec.heartbeat !== undefined, `${FIELD}.heartbeat`, spec.heartbeat,
    'must be set: without a dead man\'s switch nobody notices when alerts stop reaching anyone');
  checkSecretsManagerName(`${FIELD}.heartbeat.webhookUrlRemoteKey`, spec.heartbeat.webhookUrlRemoteKey);
  check(![spec.paging?.routingKeyRemoteKey, spec.chat.webhookUrlRemoteKey].includes(spec.heartbeat.webhookUrlRemoteKey),
    `${FIELD}.heartbeat.webhookUrlRemoteKey`, spec.heartbeat.webhookUrlRemoteKey,
    'must differ from the paging and chat secrets: the heartbeat pings its own check, never a channel people read');
}
