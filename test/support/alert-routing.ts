import { App } from 'cdk8s';
import { ALERTS } from '../../alerts/registry';
import { AlertRoutingChart } from '../../lib/charts/alert-routing-chart';
import type { AlertRoutingSpec } from '../../lib/specs/environment-spec';
import { HEARTBEAT_WEBHOOK_URL, PAGERDUTY_ROUTING_KEY, SLACK_WEBHOOK_URL } from '../../lib/monitoring/alert-routing';
import type { SecretKeyReference } from '../../lib/monitoring/alertmanager-merge';
import { resolveEnvironment } from '../../lib/plan/deployment-from-specs';
import type { EnvironmentSpec } from '../../lib/specs/environment-spec';
import type { KubernetesObject } from '../../lib/validation/schema-validation';

export { ENVIRONMENTS } from '../../main';

/** The environment's routing, as its spec declares it. */
export function alertRoutingFor(environment: EnvironmentSpec): AlertRoutingSpec {
  return environment.alertRouting;
}

/** The objects of an environment's alert-routing chart, as synth writes them. */
export function alertRoutingObjects(environment: EnvironmentSpec, routing: AlertRoutingSpec = alertRoutingFor(environment)): KubernetesObject[] {
  return new AlertRoutingChart(new App({ outdir: 'unused' }), 'alert-routing', { environment: resolveEnvironment(environment), alerts: ALERTS, routing }).toJson() as KubernetesObject[];
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
