import { probeJob, resolveBlackboxExporter, type ResolvedEdgeProbe } from '../monitoring/edge-probe';
import { DEFAULT_SCRAPE_INTERVAL } from '../monitoring/service-monitoring';
import { type BurnRatePolicy, checkBurnRatePolicy, serviceSlos, SRE_WORKBOOK_BURN_RATE_POLICY } from '../slo/slo-model';
import { targetSecretName, validateSecretsSpec } from '../secrets/secret-inventory';
import type { AlertThresholds } from '../specs/alert-thresholds';
import type { ClusterSpec, EnvironmentSpec } from '../specs/environment-spec';
import { checkSignals } from '../specs/service-signals';
import type { ServiceSpec } from '../specs/service-spec';
import { check, SpecError } from '../validation/errors';
import { resolveAutoscaling } from '../workload/service-autoscaler';
import { DEFAULT_MIN_AVAILABLE } from '../workload/disruption-budget';
import { HTTP_SERVICE_DEFAULTS, metricsPathOnHttpPort } from '../workload/http-service';
import { checkPublicRoute, GATEWAY_DEFAULTS, matchesPath, type ResolvedPublicRoute, resolveGateway } from '../workload/public-route';
import { checkResources, DEFAULT_RESOURCES, normaliseResources } from '../workload/resources';
import type { AlertRegistry } from './registries';
import type { ResolvedCluster, ResolvedDeployment, ResolvedEnvironment } from './resolved-deployment';
import { checkImageTag, checkWorkloadSpec } from './spec-checks';

/**
 * Turns one service spec and one environment spec into the deployment that runs:
 * every default applied and every override merged here and nowhere else, in the order
 * defaults < service spec < environment. Errors name the spec field the user wrote.
 */
export function resolveDeployment(
  service: ServiceSpec,
  environment: EnvironmentSpec,
  cluster: ClusterSpec,
  alerts: AlertRegistry,
  burnRatePolicy: BurnRatePolicy = SRE_WORKBOOK_BURN_RATE_POLICY,
): ResolvedDeployment {
  const servicePath = `services.${service.name}`;
  const overridePath = `environments.${environment.name}.services.${service.name}`;
  const environmentEntry = environment.services[service.name] ?? {};
  const clusterEntry = cluster.services?.[service.name] ?? {};
  const clusterPath = `environments.${environment.name}.clusters[${environment.clusters.indexOf(cluster)}].services.${service.name}`;
  const override = { ...environmentEntry, ...(clusterEntry.iamRoleArn !== undefined ? { iamRoleArn: clusterEntry.iamRoleArn } : {}) };

  const imageTag = override.imageTag ?? service.imageTag;
  check(imageTag !== undefined, `${overridePath}.imageTag`, imageTag,
    `must be set, or ${servicePath}.imageTag must give a default, to deploy ${service.name} there`);
  checkSignals(service.name, service.signals, service.metrics);
  checkWorkloadSpec(service, environment);
  if (service.secrets) validateSecretsSpec(`${servicePath}.secrets`, service.secrets);
  check(service.secrets !== undefined || override.iamRoleArn === undefined,
    `${clusterEntry.iamRoleArn !== undefined ? clusterPath : overridePath}.iamRoleArn`, override.iamRoleArn,
    `is only used to read secrets, and ${service.name} has none: remove it`);

  const resourcesPath = override.resources ? overridePath : servicePath;
  const resources = withFieldPrefix(`${resourcesPath}.`, () => {
    const given = override.resources ?? service.resources ?? DEFAULT_RESOURCES;
    checkResources(given);
    return normaliseResources(given);
  });
  const autoscalingPath = clusterEntry.autoscaling ? clusterPath : override.autoscaling ? overridePath : servicePath;
  const autoscaling = withFieldPrefix(`${autoscalingPath}.`,
    () => resolveAutoscaling({ ...service.autoscaling, ...override.autoscaling, ...clusterEntry.autoscaling }));

  const thresholds = resolveThresholds(service, environment, alerts);
  checkImageTag(override.imageTag !== undefined ? `${overridePath}.imageTag` : `${servicePath}.imageTag`, imageTag!, environment);

  checkBurnRatePolicy('burnRatePolicy', burnRatePolicy);
  const resolvedEnvironment = resolveEnvironment(environment, cluster);
  const { gateway } = resolvedEnvironment;
  const publicRoute = resolvePublicRoute(service, environment, gateway, clusterEntry.publicHost);
  const edge = resolveEdge(service, environment, publicRoute);
  const deployment: ResolvedDeployment = {
    file: `${resolvedEnvironment.cluster.folder}/${service.name}.k8s.yaml`,
    environment: resolvedEnvironment,
    service: { name: service.name, description: service.description, metrics: service.metrics, signals: service.signals },
    namespace: environment.namespace,
    job: service.name,
    alertPrefix: alertPrefix(service.name),
    workload: {
      image: `${service.imageRepository}${imageTag!.startsWith('sha256:') ? '@' : ':'}${imageTag}`,
      imageTag: imageTag!,
      component: service.component ?? HTTP_SERVICE_DEFAULTS.component,
      httpPort: service.httpPort,
      metricsPort: service.metricsPort ?? service.httpPort,
      metricsPath: service.metricsPath,
      health: service.health,
      preStopDelaySeconds: service.preStopDelaySeconds ?? HTTP_SERVICE_DEFAULTS.preStopDelaySeconds,
      env: service.env ?? [],
      resources,
      autoscaling,
      minAvailable: DEFAULT_MIN_AVAILABLE,
      gatewayNamespace: gateway.namespace,
      monitoringNamespace: environment.monitoringNamespace,
      imagePullSecrets: environment.imagePullSecrets ?? [],
      ...(publicRoute ? { publicRoute } : {}),
      egress: {
        dependencies: (service.dependencies ?? []).map((dependency) => (dependency.podLabels
          ? dependency
          : { ...dependency, cidr: cluster.dataNetworkCidr })),
      },
    },
    thresholds,
    slos: serviceSlos(service, environment, burnRatePolicy),
    burnRatePolicy,
    monitoring: {
      selector: environment.monitoringSelector,
      scrapeInterval: DEFAULT_SCRAPE_INTERVAL,
      severityRouting: environment.severityRouting,
    },
    ...(service.secrets ? {
      secrets: {
        targetSecretName: targetSecretName(service.name, service.secrets),
        keyPrefix: secretKeyPrefix(environment),
        // Each environment reads its own keys: staging never holds production's values.
        inventory: service.secrets.inventory.map((entry) => ({ ...entry, remoteKey: `${secretKeyPrefix(environment)}${entry.remoteKey}` })),
        iamRoleArn: override.iamRoleArn,
        region: cluster.region,
      },
    } : {}),
    ...(edge ? { edge } : {}),
  };
  return deepFreeze(deployment);
}

/**
 * The probe of the service's public host, if it has one here. The exporter is checked for
 * every service, public or not, so a wrong address fails synth before any host uses it.
 */
function resolveEdge(service: ServiceSpec, environment: EnvironmentSpec, route: ResolvedPublicRoute | undefined): ResolvedEdgeProbe | undefined {
  const prober = withFieldPrefix(`environments.${environment.name}.`,
    () => resolveBlackboxExporter(environment.blackboxExporter, environment.monitoringNamespace));
  if (!route) return undefined;
  const health = service.health.readiness;
  check(route.paths.some((path) => matchesPath({ type: 'PathPrefix', value: path }, health)), `services.${service.name}.publicPaths`, route.paths,
    `must route services.${service.name}.health.readiness (${JSON.stringify(health)}): the edge probe requests it from outside`);
  return {
    name: service.name,
    job: probeJob(environment.namespace, service.name),
    host: route.host,
    target: `https://${route.host}${health}`,
    certificate: route.tlsSecretName,
    prober,
  };
}

/**
 * The service's public route here, if it has one: the environment's entry, the Gateway and
 * the service's public paths, defaults applied, checked against the metrics path.
 */
function resolvePublicRoute(
  service: ServiceSpec,
  environment: EnvironmentSpec,
  gateway: ResolvedPublicRoute['gateway'],
  clusterHost: string | undefined,
): ResolvedPublicRoute | undefined {
  const spec = environment.services[service.name]?.publicRoute;
  if (!spec) return undefined;
  const route: ResolvedPublicRoute = {
    host: clusterHost ?? spec.host,
    clusterIssuer: spec.clusterIssuer,
    tlsSecretName: spec.tlsSecretName ?? `${service.name}${GATEWAY_DEFAULTS.tlsSecretSuffix}`,
    paths: service.publicPaths ?? GATEWAY_DEFAULTS.publicPaths,
    gateway,
    listener: spec.listener ?? GATEWAY_DEFAULTS.listener(service.name),
  };
  const metricsPath = metricsPathOnHttpPort({ ...service, metricsPort: service.metricsPort ?? service.httpPort });
  try {
    checkPublicRoute(route, metricsPath);
  } catch (error) {
    // publicPaths is the service spec's; the rest is the environment's entry.
    if (error instanceof SpecError && error.field.startsWith('publicPaths')) {
      throw new SpecError(`services.${service.name}.${error.field}`, error.value, error.rule);
    }
    if (error instanceof SpecError) throw new SpecError(`environments.${environment.name}.services.${service.name}.${error.field}`, error.value, error.rule);
    throw error;
  }
  return route;
}

/** Where an environment's remote secret keys live in Secrets Manager: `production/…`. */
export function secretKeyPrefix(environment: EnvironmentSpec): string {
  return environment.secretKeyPrefix ?? `${environment.name}/`;
}

/**
 * A deployment's alert thresholds, each from the last of these that sets it: the
 * registry's defaults, the environment's `alertThresholds`, the service spec's
 * `alertThresholds`, the environment's entry for the service. An error names the layer
 * that set the figure.
 */
export function resolveThresholds(service: ServiceSpec, environment: EnvironmentSpec, alerts: AlertRegistry): AlertThresholds {
  const layers = [
    { field: `environments.${environment.name}.services.${service.name}.alertThresholds`, values: environment.services[service.name]?.alertThresholds },
    { field: `services.${service.name}.alertThresholds`, values: service.alertThresholds },
    { field: `environments.${environment.name}.alertThresholds`, values: environment.alertThresholds },
  ];
  const thresholds: AlertThresholds = { ...alerts.thresholds, ...environment.alertThresholds, ...service.alertThresholds, ...layers[0].values };
  const fieldOf = (name: string) => layers.find((layer) => layer.values?.[name as keyof AlertThresholds] !== undefined)?.field ?? 'alert registry defaults';
  alerts.checkThresholds(thresholds, service.signals, fieldOf);
  return thresholds;
}

/** `reconciliation-backend` → `ReconciliationBackend`. */
export function alertPrefix(serviceName: string): string {
  return serviceName.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((word) => word[0].toUpperCase() + word.slice(1)).join('');
}

/** The environment in one cluster as charts use it: per-service overrides are merged into each deployment instead. */
export function resolveEnvironment(environment: EnvironmentSpec, cluster: ClusterSpec): ResolvedEnvironment {
  const { services: _overrides, clusters: _clusters, gateway: gatewaySpec, ...shared } = environment;
  const gateway = withFieldPrefix(`environments.${environment.name}.`, () => resolveGateway(gatewaySpec, environment.name));
  return { ...shared, alertRouting: resolveAlertRouting(environment, cluster), cluster: resolveCluster(environment, cluster), gateway };
}

/** A cluster of an environment, defaults applied: its label and Argo CD destination are `<environment>-<cluster>` unless it names its own. */
export function resolveCluster(environment: EnvironmentSpec, cluster: ClusterSpec): ResolvedCluster {
  return {
    name: cluster.name,
    region: cluster.region,
    label: cluster.label ?? `${environment.name}-${cluster.name}`,
    dataNetworkCidr: cluster.dataNetworkCidr,
    argoCdDestination: cluster.argoCdDestination ?? `${environment.name}-${cluster.name}`,
    folder: `${environment.name}/${cluster.name}`,
  };
}

/** The environment's alert routing in one cluster: the cluster's own IRSA role and dead man's switch key where it sets them. */
export function resolveAlertRouting(environment: EnvironmentSpec, cluster: ClusterSpec): EnvironmentSpec['alertRouting'] {
  return {
    ...environment.alertRouting,
    iamRoleArn: cluster.alertRoutingIamRoleArn ?? environment.alertRouting.iamRoleArn,
    heartbeat: { webhookUrlRemoteKey: cluster.heartbeatWebhookUrlRemoteKey ?? environment.alertRouting.heartbeat.webhookUrlRemoteKey },
  };
}

/** Runs `build`, prefixing the field of any SpecError it throws with where the value was written. */
export function withFieldPrefix<T>(prefix: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof SpecError && !error.field.startsWith(prefix) && !/^(services|environments)\./.test(error.field)) {
      throw new SpecError(`${prefix}${error.field}`, error.value, error.rule);
    }
    throw error;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const field of Object.values(value)) deepFreeze(field);
  }
  return value;
}
