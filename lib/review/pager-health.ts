import { ALERT_ROUTING_ALERT_PREFIX, ALERT_ROUTING_NAME, HEARTBEAT_RECEIVER, HEARTBEAT_TIMING, RECEIVER_CREDENTIALS_SECRET } from '../monitoring/alert-routing';
import { durationSeconds } from '../monitoring/prometheus-duration';
import type { ResolvedEnvironment } from '../plan/resolved-deployment';

/**
 * The DEPLOYMENT.md section on the pager's own health: how to set up the dead man's
 * switch the heartbeat pings, and what to watch when prometheus-operator rejects the
 * AlertmanagerConfig, the one failure no alert of ours can report.
 */

/** The rejected-resources gauge of prometheus-operator (v0.93): `resource` is the kind, `state` selected or rejected. */
export const REJECTED_CONFIGS_QUERY = 'prometheus_operator_managed_resources{resource="AlertmanagerConfig",state="rejected"} > 0';

export function renderPagerHealth(environments: readonly ResolvedEnvironment[]): string[] {
  const period = Math.round(durationSeconds('repeatInterval', HEARTBEAT_TIMING.repeatInterval) / 60);
  const grace = 2 * period;
  const heartbeat = `${ALERT_ROUTING_ALERT_PREFIX}Heartbeat`;
  return [
    '## The pager\'s own health',
    '',
    `Each cluster's \`${heartbeat}\` alert always fires (\`vector(1)\`, in \`dist/<env>/<cluster>/workloads/01-alert-routing.k8s.yaml\`). `
      + `The routing sends it, and nothing else, to the \`${HEARTBEAT_RECEIVER}\` webhook: at once, then every `
      + `${HEARTBEAT_TIMING.repeatInterval} (group wait ${HEARTBEAT_TIMING.groupWait}, group interval ${HEARTBEAT_TIMING.groupInterval}, `
      + 'never as resolved). A dead man\'s switch outside the cluster pages when the pings stop: Prometheus, Alertmanager, '
      + 'the network or this routing broke, which no alert inside the cluster can report.',
    '',
    'Set up one check per cluster (healthchecks.io, Dead Man\'s Snitch, or a PagerDuty/Opsgenie heartbeat that accepts a plain '
      + 'HTTP POST with a JSON body as a ping): two clusters pinging one check would hide one\'s silence behind the other\'s pings, '
      + 'so synth refuses two clusters of the fleet with one ping URL key.',
    '',
    '| environment / cluster | ping URL in Secrets Manager | period | grace | when it stops |',
    '|---|---|---|---|---|',
    ...environments.map((environment) => `| ${environment.name} / ${environment.cluster.name} | \`${environment.alertRouting.heartbeat.webhookUrlRemoteKey}\` | `
      + `${period} min | ${grace} min | ${environment.alertRouting.pages ? 'page the on-call (PagerDuty)' : `tell \`${environment.alertRouting.chat.channel}\` (never page)`} |`),
    '',
    `With a ${period}-minute period and a ${grace}-minute grace the switch raises its alarm at most ${period + grace} minutes after the last ping. `
      + 'Staging has a switch too: routing changes break there first, and a rejected staging config would otherwise go unnoticed. '
      + `Store the ping URL as a plain string secret, like the other receiver credentials; after the first deploy the check must show a ping within ${period} minutes.`,
    '',
    '### When prometheus-operator rejects the AlertmanagerConfig',
    '',
    `The operator checks every selected AlertmanagerConfig before it writes alertmanager.yml (a missing Secret \`${RECEIVER_CREDENTIALS_SECRET}\` `
      + 'or key, a field the running Alertmanager does not know). One that fails is skipped whole: the environment\'s routes, receivers and '
      + 'inhibitions vanish, and its alerts fall to the base configuration\'s receiver (`null` unless kube-prometheus-stack sets another). Watch:',
    '',
    `- the dead man's switch: without the routing, \`${heartbeat}\` reaches no webhook and the switch pages (the one signal that needs nothing inside the cluster);`,
    `- the operator's gauge \`${REJECTED_CONFIGS_QUERY}\` (kube-prometheus-stack's \`PrometheusOperatorRejectedResources\` alert fires on it, `
      + 'through the base configuration\'s receivers);',
    `- the operator's log line \`msg="skipping alertmanagerconfig"\` with \`alertmanagerconfig=<namespace>/${ALERT_ROUTING_NAME}\` and the reason, `
      + `and a Warning event \`InvalidConfiguration\`: \`kubectl -n <namespace> get events --field-selector involvedObject.kind=AlertmanagerConfig,involvedObject.name=${ALERT_ROUTING_NAME}\`.`,
    '',
    `A failing sync of the credentials (\`${ALERT_ROUTING_ALERT_PREFIX}SecretSyncFailing\`, a warning) does not stop the heartbeat: ESO owns the Secret `
      + 'and rewrites it only on a successful sync, so the AlertmanagerConfig keeps its last credentials. Only a Secret that never synced, or was '
      + 'deleted, gets the config rejected. docs/runbooks/alerting.md says what to do in each case.',
  ];
}
