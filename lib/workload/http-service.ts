import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { EnvironmentSpec } from '../specs/environment-spec';
import type { HealthEndpoints, ServiceSpec } from '../specs/service-spec';
import type { AutoscalingProps } from '../specs/shapes';
import { ServiceAutoscaler } from './service-autoscaler';
import { DisruptionBudget } from './disruption-budget';
import { type EgressProps, NetworkIsolation } from './network-isolation';
import { PublicRoute, type ResolvedPublicRoute } from './public-route';
import { topologySpreadConstraints } from './topology-spread';
import { toCpu, toMemory } from './resources';

/**
 * The workload of one service in one environment: the spec's fields with every default
 * applied and every value checked, once, by lib/plan (resolveDeployment). HttpService
 * builds it as it is.
 */
export interface ResolvedWorkload
  extends Required<Pick<ServiceSpec, 'component' | 'httpPort' | 'metricsPort' | 'metricsPath' | 'health' | 'preStopDelaySeconds' | 'env' | 'resources'>>,
  Required<Pick<EnvironmentSpec, 'monitoringNamespace' | 'imagePullSecrets'>> {
  /** Namespace of the environment's Gateway, whose proxies reach the HTTP port. */
  readonly gatewayNamespace: string;
  /** `repository:tag` or `repository@sha256:…`. */
  readonly image: string;
  readonly imageTag: string;
  readonly autoscaling: Required<AutoscalingProps>;
  /** PodDisruptionBudget floor (DEFAULT_MIN_AVAILABLE). */
  readonly minAvailable: number;
  /** Present for a service public in this environment. */
  readonly publicRoute?: ResolvedPublicRoute;
  /** Where the pods may connect to: DNS, HTTPS and the declared dependencies. @default not restricted */
  readonly egress?: EgressProps;
}

export interface HttpServiceProps extends ResolvedWorkload {
  /** Name of every object of the service; a DNS-1123 label. */
  readonly name: string;
  /** Secrets whose keys all become environment variables (envFrom). @default none */
  readonly envFromSecrets?: readonly string[];
}

/** Stakater Reloader's annotation: roll this Deployment when one of these Secrets changes. */
export const RELOADER_SECRET_ANNOTATION = 'secret.reloader.stakater.com/reload';

/**
 * What Reloader writes into the pod template to roll the pods, with its `annotations` reload
 * strategy (the one this project requires). Its default strategy, `env-vars`, adds an
 * environment variable to the container instead: a change inside `containers[]` that a GitOps
 * engine with self-heal sees as drift and reverts, rolling the pods back without the hash.
 * One annotation is a field the engines can leave alone (lib/delivery/argo-cd-chart.ts).
 */
export const RELOADER_RELOADED_FROM_ANNOTATION = 'reloader.stakater.com/last-reloaded-from';

/** Lowest uid/gid accepted: keeps clear of system and host users. */
export const MIN_NON_ROOT_ID = 10000;

/** Defaults of the service spec's workload fields, and the figures every workload shares. */
export const HTTP_SERVICE_DEFAULTS = {
  runAsId: 10001,
  terminationGracePeriodSeconds: 30,
  preStopDelaySeconds: 5,
  component: 'api',
  /** The Service's HTTP port: the public route's backendRef names it by number. */
  servicePort: 80,
  tmpSizeMebibytes: 64,
} as const;

/** Readiness reacts fast (traffic), liveness slowly (restarts), startup gives 60 s to boot. */
export const PROBE_TIMING = {
  readiness: { periodSeconds: 5, failureThreshold: 3 },
  liveness: { periodSeconds: 10, failureThreshold: 3 },
  startup: { periodSeconds: 2, failureThreshold: 30 },
  timeoutSeconds: 2,
} as const;

/**
 * One stateless HTTP service, production-ready: a least-privilege ServiceAccount, a
 * hardened Deployment scaled by an HPA, a Service with named ports, a PDB and a
 * default-deny NetworkPolicy.
 */
export class HttpService extends Construct {
  public readonly name: string;
  public readonly labels: Readonly<Record<string, string>>;
  public readonly selectorLabels: Readonly<Record<string, string>>;
  public readonly serviceAccount: kplus.ServiceAccount;
  public readonly deployment: kplus.Deployment;
  public readonly service: kplus.Service;
  public readonly autoscaler: ServiceAutoscaler;
  public readonly disruptionBudget: DisruptionBudget;
  /** Present when the service has a `publicRoute`. */
  public readonly publicRoute?: PublicRoute;
  public readonly container: kplus.Container;
  /** Secrets the Deployment reads, so other constructs can check they are consumed. */
  public readonly consumedSecrets: readonly string[];

  constructor(scope: Construct, id: string, props: HttpServiceProps) {
    super(scope, id);
    this.name = props.name;
    this.selectorLabels = { 'app.kubernetes.io/name': props.name };
    this.labels = {
      ...this.selectorLabels,
      'app.kubernetes.io/component': props.component,
      'app.kubernetes.io/managed-by': 'cdk8s',
    };
    const { metricsPort, resources, preStopDelaySeconds } = props;
    const metadata = { name: props.name, labels: this.labels };

    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      // No IAM role: the application never reads Secrets Manager itself (ServiceSecrets does, through ESO).
      metadata,
      automountToken: false,
    });

    const uid = HTTP_SERVICE_DEFAULTS.runAsId;
    const gid = HTTP_SERVICE_DEFAULTS.runAsId;
    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata,
      select: false,
      podMetadata: { labels: this.labels },
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      terminationGracePeriod: Duration.seconds(HTTP_SERVICE_DEFAULTS.terminationGracePeriodSeconds),
      securityContext: { ensureNonRoot: true, user: uid, group: gid, fsGroup: gid },
      // The HPA owns the replica count; surge one pod at a time, never drop below the current count.
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.absolute(1),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
      volumes: [],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: this.selectorLabels }));

    const tmp = kplus.Volume.fromEmptyDir(this, 'TmpVolume', 'tmp', { sizeLimit: Size.mebibytes(HTTP_SERVICE_DEFAULTS.tmpSizeMebibytes) });
    const ports = [{ name: 'http', number: props.httpPort }];
    if (metricsPort !== props.httpPort) ports.push({ name: 'metrics', number: metricsPort });
    const probePort = props.health.port ?? props.httpPort;
    const probeTiming = ({ periodSeconds, failureThreshold }: { periodSeconds: number; failureThreshold: number }) => ({
      port: probePort, periodSeconds: Duration.seconds(periodSeconds), failureThreshold, timeoutSeconds: Duration.seconds(PROBE_TIMING.timeoutSeconds),
    });
    this.consumedSecrets = [...(props.envFromSecrets ?? [])];
    // Environment variables are read at start: Stakater Reloader rolls the Deployment
    // when a consumed Secret changes, so a rotated value reaches every pod.
    if (this.consumedSecrets.length > 0) this.deployment.metadata.addAnnotation(RELOADER_SECRET_ANNOTATION, this.consumedSecrets.join(','));

    this.container = this.deployment.addContainer({
      name: props.name,
      image: props.image,
      // Tags are refused as "latest" and digests are immutable, so a cached image is the right one.
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      ports,
      envVariables: Object.fromEntries(props.env.map(({ name, value }) => [name, kplus.EnvValue.fromValue(value)])),
      resources: {
        cpu: { request: toCpu('resources.requests.cpu', resources.requests.cpu), limit: toCpu('resources.limits.cpu', resources.limits.cpu) },
        memory: {
          request: toMemory('resources.requests.memory', resources.requests.memory),
          limit: toMemory('resources.limits.memory', resources.limits.memory),
        },
      },
      securityContext: {
        ensureNonRoot: true,
        user: uid,
        group: gid,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: { drop: [kplus.Capability.ALL] },
        seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
      },
      readiness: kplus.Probe.fromHttpGet(props.health.readiness, probeTiming(PROBE_TIMING.readiness)),
      liveness: props.health.liveness
        ? kplus.Probe.fromHttpGet(props.health.liveness, probeTiming(PROBE_TIMING.liveness))
        : kplus.Probe.fromTcpSocket(probeTiming(PROBE_TIMING.liveness)),
      startup: startupProbe(props.health, probeTiming(PROBE_TIMING.startup)),
      // Needs a `sleep` binary in the image (distroless images lack one: set preStopDelaySeconds 0
      // there, or switch to the native sleep action once clusters run Kubernetes >= 1.30).
      lifecycle: preStopDelaySeconds > 0 ? { preStop: kplus.Handler.fromCommand(['sleep', String(preStopDelaySeconds)]) } : undefined,
      volumeMounts: [{ path: '/tmp', volume: tmp }],
    });
    for (const secret of this.consumedSecrets) {
      this.container.env.copyFrom(kplus.Env.fromSecret(kplus.Secret.fromSecretName(this, `EnvFrom${secret}`, secret)));
    }

    const deploymentObject = ApiObject.of(this.deployment);
    // cdk8s-plus tags pods with their construct path; selection uses our labels, and a
    // refactor of construct ids must not restart every pod.
    deploymentObject.addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
    deploymentObject.addJsonPatch(JsonPatch.add('/spec/template/spec/topologySpreadConstraints', topologySpreadConstraints(this.selectorLabels)));
    if (props.imagePullSecrets.length > 0) {
      deploymentObject.addJsonPatch(JsonPatch.add('/spec/template/spec/imagePullSecrets', props.imagePullSecrets.map((name) => ({ name }))));
    }

    this.service = new kplus.Service(this, 'Service', {
      metadata,
      type: kplus.ServiceType.CLUSTER_IP,
      selector: kplus.Pods.select(this, 'Pods', { labels: this.selectorLabels }),
      ports: [
        { name: 'http', port: HTTP_SERVICE_DEFAULTS.servicePort, targetPort: props.httpPort },
        { name: 'metrics', port: metricsPort, targetPort: metricsPort },
      ],
    });

    this.autoscaler = new ServiceAutoscaler(this, 'Autoscaler', {
      settings: props.autoscaling,
      name: props.name,
      labels: this.labels,
      target: this.deployment,
    });

    this.disruptionBudget = new DisruptionBudget(this, 'DisruptionBudget', {
      name: props.name,
      labels: this.labels,
      podSelector: this.selectorLabels,
      minAvailable: props.minAvailable,
    });

    new NetworkIsolation(this, 'NetworkIsolation', {
      name: props.name,
      labels: this.labels,
      podLabels: this.selectorLabels,
      httpPort: props.httpPort,
      metricsPort,
      gatewayNamespace: props.gatewayNamespace,
      monitoringNamespace: props.monitoringNamespace,
      egress: props.egress,
    });

    if (props.publicRoute) {
      this.publicRoute = new PublicRoute(this, 'PublicRoute', {
        name: props.name,
        route: props.publicRoute,
        servicePort: HTTP_SERVICE_DEFAULTS.servicePort,
        labels: this.labels,
      });
    }
  }
}

type ProbeOptions = kplus.HttpGetProbeOptions & kplus.TcpSocketProbeOptions;

/** The startup path if given, else the liveness path, else a TCP check: never the readiness path. */
function startupProbe(health: HealthEndpoints, options: ProbeOptions): kplus.Probe {
  const path = health.startup ?? health.liveness;
  return path ? kplus.Probe.fromHttpGet(path, options) : kplus.Probe.fromTcpSocket(options);
}

/** The metrics path, when served on the HTTP port: the public route must never match it. */
export function metricsPathOnHttpPort(workload: Pick<ResolvedWorkload, 'metricsPort' | 'httpPort' | 'metricsPath'>): string | undefined {
  return workload.metricsPort === workload.httpPort ? workload.metricsPath : undefined;
}
