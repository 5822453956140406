import { RECEIVER_CREDENTIALS_SECRET } from '../monitoring/alert-routing';
import type { EnvironmentSpec } from '../specs/environment-spec';
import type { ServiceSpec } from '../specs/service-spec';
import { didYouMean } from '../validation/did-you-mean';
import { check, SpecContext, withSpecContext } from '../validation/errors';
import { checkDnsLabel, checkDnsSubdomain, checkIpv4Cidr, checkLabelValue, checkUnique } from '../validation/names';
import { checkSecretsManagerName } from '../secrets/secret-inventory';
import { checkAwsRegion, checkIamRoleArn } from '../secrets/secrets-manager-sync';
import { resolveAlertRouting, resolveCluster } from './deployment-from-specs';
import type { ResolvedDeployment } from './resolved-deployment';

/**
 * Rules no single spec can break on its own, only the plan as a whole: they are what
 * makes two environments, or two services, step on each other.
 */

/** A `services` key that names no service would silently deploy the defaults instead of the intended override. */
export function checkEnvironmentServiceNames(environments: readonly EnvironmentSpec[], services: readonly ServiceSpec[]): void {
  const known = new Set(services.map((service) => service.name));
  for (const environment of environments) {
    for (const name of Object.keys(environment.services)) {
      if (!known.has(name)) checkIn({ environment: environment.name }, false, `environments.${environment.name}.services.${name}`, name, namesNoService(name, known));
    }
  }
}

/** Built only for a name that fails: it lists every service, which at hundreds of names per environment would be quadratic. */
function namesNoService(name: string, known: ReadonlySet<string>): string {
  return `names no service of the plan (${[...known].join(', ')})${didYouMean(name, [...known])}`;
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
  const claim = (host: string, owner: string, field: string, context: SpecContext) => {
    const other = owners.get(host.toLowerCase());
    checkIn(context, other === undefined || other === owner, field, host,
      `is already the public host of ${other}; each host belongs to one service in one environment`);
    owners.set(host.toLowerCase(), owner);
  };
  // The environment's hosts first, then the clusters' regional names: an error names the
  // regional entry that collides. The clusters of one environment may share a host (DNS
  // steers between them).
  for (const environment of environments) {
    for (const [service, entry] of Object.entries(environment.services)) {
      if (entry.publicRoute) {
        claim(entry.publicRoute.host, `${service} in ${environment.name}`, `environments.${environment.name}.services.${service}.publicRoute.host`,
          { service, environment: environment.name });
      }
    }
  }
  for (const environment of environments) {
    environment.clusters.forEach((cluster, index) => {
      for (const [service, entry] of Object.entries(cluster.services ?? {})) {
        if (entry.publicHost === undefined) continue;
        claim(entry.publicHost, `${service} in ${environment.name}`, `environments.${environment.name}.clusters[${index}].services.${service}.publicHost`,
          { service, environment: environment.name });
      }
    });
  }
}

/**
 * Clusters: each a folder of its environment (a unique DNS label); a `cluster` label, an
 * Argo CD destination and a dead man's switch of its own in the whole fleet, since the
 * pager, a global ruler and Argo CD tell clusters apart by them (two Applications on one
 * destination would overwrite each other on every sync; a silent cluster would hide behind
 * another's pings); per-service settings that name services of the plan, hosts only for
 * services the environment makes public.
 */
export function checkClusters(environments: readonly EnvironmentSpec[], services: readonly ServiceSpec[]): void {
  const known = new Set(services.map((service) => service.name));
  const owners = { label: new Map<string, string>(), destination: new Map<string, string>(), ping: new Map<string, string>() };
  const claimOnce = (owner: Map<string, string>, field: string, value: string, cluster: string, what: string) => {
    check(!owner.has(value), field, value, `is also ${what} of cluster ${owner.get(value)}: every cluster of the fleet needs its own`);
    owner.set(value, cluster);
  };
  for (const environment of environments) {
    const where = `environments.${environment.name}.clusters`;
    withSpecContext({ environment: environment.name }, () => {
      check(environment.clusters.length > 0, where, environment.clusters, 'must list at least one cluster: the environment runs nowhere');
      checkUnique(where, environment.clusters.map((cluster) => cluster.name), 'name');
    });
    environment.clusters.forEach((cluster, index) => withSpecContext({ environment: environment.name }, () => {
      const at = `${where}[${index}]`;
      // The values the plan will use, defaults applied where the cluster sets none.
      const { folder: id, label, argoCdDestination: destination } = resolveCluster(environment, cluster);
      checkDnsLabel(`${at}.name`, cluster.name);
      checkAwsRegion(`${at}.region`, cluster.region, 'the cluster\'s AWS region');
      checkIpv4Cidr(`${at}.dataNetworkCidr`, cluster.dataNetworkCidr);
      // A Prometheus label value the preflight matches literally: no glob or space.
      checkLabelValue(`${at}.label`, label);
      claimOnce(owners.label, `${at}.label`, label, id, 'the cluster label');
      check(/^\S+$/.test(destination), `${at}.argoCdDestination`, destination, 'must name the cluster as registered in Argo CD (no spaces)');
      claimOnce(owners.destination, `${at}.argoCdDestination`, destination, id, 'the Argo CD destination');
      const ping = resolveAlertRouting(environment, cluster).heartbeat.webhookUrlRemoteKey;
      // Values a cluster overrides are checked here, under the field that holds them.
      if (cluster.alertRoutingIamRoleArn !== undefined) {
        checkIamRoleArn(`${at}.alertRoutingIamRoleArn`, 'alert-routing-secrets-reader', cluster.alertRoutingIamRoleArn, `${at}.alertRoutingIamRoleArn`);
      }
      if (cluster.heartbeatWebhookUrlRemoteKey !== undefined) checkSecretsManagerName(`${at}.heartbeatWebhookUrlRemoteKey`, cluster.heartbeatWebhookUrlRemoteKey);
      claimOnce(owners.ping, cluster.heartbeatWebhookUrlRemoteKey !== undefined ? `${at}.heartbeatWebhookUrlRemoteKey`
        : `environments.${environment.name}.alertRouting.heartbeat.webhookUrlRemoteKey`, ping, id, 'the dead man\'s switch key');
      for (const [name, entry] of Object.entries(cluster.services ?? {})) {
        if (!known.has(name)) check(false, `${at}.services.${name}`, name, namesNoService(name, known));
        if (entry.iamRoleArn !== undefined) {
          checkIamRoleArn(`${at}.services.${name}.iamRoleArn`, `${name}-secrets-reader`, entry.iamRoleArn, `${at}.services.${name}.iamRoleArn`);
        }
        if (entry.publicHost !== undefined) {
          check(environment.services[name]?.publicRoute !== undefined, `${at}.services.${name}.publicHost`, entry.publicHost,
            `needs environments.${environment.name}.services.${name}.publicRoute: the cluster only renames the host the environment makes public`);
          checkDnsSubdomain(`${at}.services.${name}.publicHost`, entry.publicHost);
        }
      }
    }));
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
    // Each cluster runs its own Gateway.
    const key = `${deployment.environment.cluster.label}/${route.gateway.namespace}/${route.gateway.name}/${route.listener}`;
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
  for (const environment of environments) {
    for (const cluster of environment.clusters) {
      owners.set(`${environment.name}/${cluster.name}/${environment.namespace}/${RECEIVER_CREDENTIALS_SECRET}`, `environment ${environment.name}'s alert routing`);
    }
  }
  for (const deployment of deployments) {
    if (!deployment.secrets) continue;
    const key = `${deployment.environment.cluster.folder}/${deployment.namespace}/${deployment.secrets.targetSecretName}`;
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
