import { RECEIVER_CREDENTIALS_SECRET } from '../monitoring/alert-routing';
import type { EnvironmentSpec } from '../specs/environment-spec';
import type { ServiceSpec } from '../specs/service-spec';
import { didYouMean } from '../validation/did-you-mean';
import { check, SpecContext, withSpecContext } from '../validation/errors';
import type { ResolvedDeployment } from './resolved-deployment';

/**
 * Rules no single spec can break on its own, only the plan as a whole: they are what
 * makes two environments, or two services, step on each other.
 */

/** A `services` key that names no service would silently deploy the defaults instead of the intended override. */
export function checkEnvironmentServiceNames(environments: readonly EnvironmentSpec[], services: readonly ServiceSpec[]): void {
  const known = services.map((service) => service.name);
  for (const environment of environments) {
    for (const name of Object.keys(environment.services)) {
      checkIn({ environment: environment.name }, known.includes(name), `environments.${environment.name}.services.${name}`, name,
        `names no service of the plan (${known.join(', ')})${didYouMean(name, known)}`);
    }
  }
}

/** Two environments in one namespace overwrite each other's objects, unless both say they share it on purpose. */
export function checkNamespacesDistinct(environments: readonly EnvironmentSpec[]): void {
  const first = new Map<string, EnvironmentSpec>();
  for (const environment of environments) {
    const other = first.get(environment.namespace);
    checkIn({ environment: environment.name }, !other || (other.sharesNamespace === true && environment.sharesNamespace === true), `environments.${environment.name}.namespace`,
      environment.namespace, `is also environment ${other?.name}'s namespace; give each its own, or set sharesNamespace on both`);
    if (!other) first.set(environment.namespace, environment);
  }
}

/**
 * A public host belongs to one service in one environment: two routes for one host would
 * split its traffic, and two environments' certificates and probes would fight over it.
 */
export function checkPublicHostsUnique(environments: readonly EnvironmentSpec[]): void {
  const owners = new Map<string, string>();
  for (const environment of environments) {
    for (const [service, entry] of Object.entries(environment.services)) {
      const host = entry.publicRoute?.host;
      if (host === undefined) continue;
      const owner = owners.get(host.toLowerCase());
      checkIn({ service, environment: environment.name }, owner === undefined, `environments.${environment.name}.services.${service}.publicRoute.host`, host,
        `is already the public host of ${owner}; each host belongs to one service in one environment`);
      owners.set(host.toLowerCase(), `${service} in ${environment.name}`);
    }
  }
}

/**
 * A Gateway listener serves one host with one certificate (the only Core way in Gateway API),
 * so two public services, of one environment or two sharing the Gateway, never name the same listener.
 */
export function checkGatewayListenersUnique(deployments: readonly ResolvedDeployment[]): void {
  const owners = new Map<string, string>();
  for (const deployment of deployments) {
    const route = deployment.workload.publicRoute;
    if (!route) continue;
    const key = `${route.gateway.namespace}/${route.gateway.name}/${route.listener}`;
    const owner = owners.get(key);
    checkIn({ service: deployment.service.name, environment: deployment.environment.name }, owner === undefined,
      `environments.${deployment.environment.name}.services.${deployment.service.name}.publicRoute.listener`, route.listener,
      `is already the listener of ${owner} on Gateway ${route.gateway.namespace}/${route.gateway.name}; give each public host its own listener`);
    owners.set(key, `${deployment.service.name} in ${deployment.environment.name}`);
  }
}

/** A Kubernetes Secret has one writer: two ExternalSecrets with creationPolicy Owner would fight over it. */
export function checkSecretOwners(deployments: readonly ResolvedDeployment[], environments: readonly EnvironmentSpec[]): void {
  const owners = new Map<string, string>();
  for (const environment of environments) owners.set(`${environment.namespace}/${RECEIVER_CREDENTIALS_SECRET}`, `environment ${environment.name}'s alert routing`);
  for (const deployment of deployments) {
    if (!deployment.secrets) continue;
    const key = `${deployment.namespace}/${deployment.secrets.targetSecretName}`;
    const owner = owners.get(key);
    checkIn({ service: deployment.service.name, environment: deployment.environment.name }, owner === undefined || owner === deployment.service.name,
      `services.${deployment.service.name}.secrets.targetSecretName`, deployment.secrets.targetSecretName,
      `is already written by ${owner} in namespace ${deployment.namespace}; each Secret needs one owner`);
    owners.set(key, deployment.service.name);
  }
}

/** An environment reading another's remote key holds its values: staging would run with production's Stripe key. */
export function checkRemoteKeysIsolated(deployments: readonly ResolvedDeployment[]): void {
  const readers = new Map<string, string>();
  for (const deployment of deployments) {
    for (const entry of deployment.secrets?.inventory ?? []) {
      const environment = deployment.environment.name;
      const reader = readers.get(entry.remoteKey);
      checkIn({ service: deployment.service.name, environment }, reader === undefined || reader === environment,
        `environments.${environment}.secretKeyPrefix`, entry.remoteKey,
        `makes ${deployment.service.name} in ${environment} read the same AWS Secrets Manager key as ${reader}; give each environment its own prefix`);
      readers.set(entry.remoteKey, environment);
    }
  }
}

/** `check`, with the service and environment the rule was broken in named on the error. */
function checkIn(context: SpecContext, ok: boolean, field: string, value: unknown, rule: string): void {
  withSpecContext(context, () => check(ok, field, value, rule));
}
