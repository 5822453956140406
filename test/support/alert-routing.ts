import { App } from 'cdk8s';
import { ALERTS } from '../../alerts/registry';
import { AlertRoutingChart } from '../../lib/charts/alert-routing-chart';
import type { AlertRoutingSpec } from '../../lib/specs/environment-spec';
import { HEARTBEAT_WEBHOOK_URL, PAGERDUTY_ROUTING_KEY, SLACK_WEBHOOK_URL } from '../../lib/monitoring/alert-routing';
import { type AlertmanagerConfigObject, renderAlertmanagerYaml, type SecretKeyReference } from './alertmanager-merge';
import type { ResolvedEnvironment } from '../../lib/plan/resolved-deployment';
import { resolveEnvironment } from '../../lib/plan/deployment-from-specs';
import type { EnvironmentSpec } from '../../lib/specs/environment-spec';
import type { KubernetesObject } from '../../lib/validation/schema-validation';

export { ENVIRONMENTS } from '../../main';

/** The environment's routing, as its spec declares it. */
export function alertRoutingFor(environment: EnvironmentSpec): AlertRoutingSpec {
  return environment.alertRouting;
}

/** The objects of an environment's alert-routing chart (in its first cluster, or the resolved cluster given), as synth writes them. */
export function alertRoutingObjects(given: EnvironmentSpec | ResolvedEnvironment, routing: AlertRoutingSpec = given.alertRouting): KubernetesObject[] {
  const environment = 'cluster' in given ? given : resolveEnvironment(given, given.clusters[0]);
  return new AlertRoutingChart(new App({ outdir: 'unused' }), 'alert-routing', { environment, alerts: ALERTS, routing }).toJson() as KubernetesObject[];
}

/** alertmanager.yml as prometheus-operator merges these environments' AlertmanagerConfigs, their Secrets read as placeholders. */
export function alertmanagerYaml(environments: readonly (EnvironmentSpec | ResolvedEnvironment)[]): string {
  const configs = environments.flatMap((environment) => alertRoutingObjects(environment).filter((object) => object.kind === 'AlertmanagerConfig'));
  return renderAlertmanagerYaml(configs as unknown as AlertmanagerConfigObject[], placeholderSecret);
}

/**
 * Stand-ins for what ESO writes into the Secret: values of the right shape (the
 * Slack URL must parse), pointing nowhere. The Slack URL is a closed local port, so
 * a notification the live Alertmanager might attempt fails at once.
 */
export function placeholderSecret(reference: SecretKeyReference): string {
  if (reference.key === PAGERDUTY_ROUTING_KEY) return `placeholder-routing-key-${reference.namespace}`;
  if (reference.key === SLACK_WEBHOOK_URL) return `http://127.0.0.1:9/placeholder-webhook/${reference.namespace}`;
  if (reference.key === HEARTBEAT_WEBHOOK_URL) return `http://127.0.0.1:9/placeholder-heartbeat/${reference.namespace}`;
  throw new Error(`no placeholder for Secret key ${reference.namespace}/${reference.name}/${reference.key}`);
}
