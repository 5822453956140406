import { App } from 'cdk8s';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { AlertRoutingChart } from '../../lib/charts/alert-routing-chart';
import type { AlertRoutingSpec } from '../../lib/monitoring/alert-routing';
import { PAGERDUTY_ROUTING_KEY, SLACK_WEBHOOK_URL } from '../../lib/monitoring/alert-routing';
import type { SecretKeyReference } from '../../lib/monitoring/alertmanager-merge';
import type { EnvironmentSpec } from '../../lib/specs/environment-spec';
import type { KubernetesObject } from '../../lib/validation/schema-validation';

/**
 * Each environment's alert routing, as it should sit on the environment spec
 * (`EnvironmentSpec.alertRouting`) once the integrator moves it there.
 */
export const ALERT_ROUTING_BY_ENVIRONMENT: Readonly<Record<string, AlertRoutingSpec>> = {
  staging: {
    configSelector: { release: 'kube-prometheus-stack' },
    pages: false,
    chat: { channel: '#reconciliation-alerts-staging', webhookUrlRemoteKey: 'alerting/staging/slack-webhook-url' },
    iamRoleArn: 'arn:aws:iam::123456789012:role/alert-routing-staging',
  },
  production: {
    configSelector: { release: 'kube-prometheus-stack' },
    pages: true,
    paging: { routingKeyRemoteKey: 'alerting/production/pagerduty-routing-key' },
    chat: { channel: '#reconciliation-alerts', webhookUrlRemoteKey: 'alerting/production/slack-webhook-url' },
    iamRoleArn: 'arn:aws:iam::123456789012:role/alert-routing-production',
  },
};

export const ENVIRONMENTS: readonly EnvironmentSpec[] = [staging, production];

export function alertRoutingFor(environment: EnvironmentSpec): AlertRoutingSpec {
  const routing = ALERT_ROUTING_BY_ENVIRONMENT[environment.name];
  if (!routing) throw new Error(`no alert routing for environment ${environment.name}`);
  return routing;
}

/** The objects of an environment's alert-routing chart, as synth writes them. */
export function alertRoutingObjects(environment: EnvironmentSpec, routing: AlertRoutingSpec = alertRoutingFor(environment)): KubernetesObject[] {
  return new AlertRoutingChart(new App({ outdir: 'unused' }), 'alert-routing', { environment, routing }).toJson() as KubernetesObject[];
}

/**
 * Stand-ins for what ESO writes into the Secret: values of the right shape (the
 * Slack URL must parse), pointing nowhere. The Slack URL is a closed local port, so
 * a notification the live Alertmanager might attempt fails at once.
 */
export function placeholderSecret(reference: SecretKeyReference): string {
  if (reference.key === PAGERDUTY_ROUTING_KEY) return `placeholder-routing-key-${reference.namespace}`;
  if (reference.key === SLACK_WEBHOOK_URL) return `http://127.0.0.1:9/placeholder-webhook/${reference.namespace}`;
  throw new Error(`no placeholder for Secret key ${reference.namespace}/${reference.name}/${reference.key}`);
}
