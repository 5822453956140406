import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { check } from '../validation/errors';
import { checkDnsLabel, checkDnsSubdomain, checkEnvVarName, checkUnique } from '../validation/names';
import { ServiceAutoscaler } from './service-autoscaler';
import { DisruptionBudget } from './disruption-budget';
import type { HealthEndpoints, HttpServiceProps } from './http-service-props';
import { NetworkIsolation } from './network-isolation';
import { PublicIngress } from './public-ingress';
import { topologySpreadConstraints } from './topology-spread';
import { checkResources, DEFAULT_RESOURCES, toCpu, toMemory } from './resources';

export type { EnvVar, HealthEndpoints, HttpServiceProps } from './http-service-props';

/** Stakater Reloader's annotation: roll this Deployment when one of these Secrets changes. */
export const RELOADER_SECRET_ANNOTATION = 'secret.reloader.stakater.com/reload';

/** Lowest uid/gid accepted: keeps clear of system and host users. */
export const MIN_NON_ROOT_ID = 10000;

/** Defaults of HttpServiceProps, named once. */
export const HTTP_SERVICE_DEFAULTS = {
  runAsId: 10001,
  terminationGracePeriodSeconds: 30,
  preStopDelaySeconds: 5,
  component: 'api',
  /** The Service's HTTP port; the ingress controller targets it by name. */
  servicePort: 80,
  tmpSizeMebibytes: 64,
  metricsPath: '/metrics',
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
  /** Present when the service has `ingress`. */
  public readonly publicIngress?: PublicIngress;
  public readonly container: kplus.Container;
  /** Secrets the Deployment reads, so other constructs can check they are consumed. */
  public readonly consumedSecrets: readonly string[];

  constructor(scope: Construct, id: string, props: HttpServiceProps) {
    super(scope, id);
    validateProps(props);

    this.name = props.name;
    this.selectorLabels = { 'app.kubernetes.io/name': props.name };
    this.labels = {
      ...props.labels,
      ...this.selectorLabels,
      'app.kubernetes.io/component': props.component ?? HTTP_SERVICE_DEFAULTS.component,
      'app.kubernetes.io/managed-by': 'cdk8s',
    };
    const metricsPort = props.metricsPort ?? props.httpPort;
    const resources = props.resources ?? DEFAULT_RESOURCES;
    const metadata = { name: props.name, labels: this.labels };

    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      // No IAM role: the application never reads Secrets Manager itself (ServiceSecrets does, through ESO).
      metadata,
      automountToken: false,
    });

    const uid = props.runAsUser ?? HTTP_SERVICE_DEFAULTS.runAsId;
    const gid = props.runAsGroup ?? HTTP_SERVICE_DEFAULTS.runAsId;
    const { terminationGracePeriodSeconds, preStopDelaySeconds } = drainTiming(props);
    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata,
      select: false,
      podMetadata: { labels: this.labels },
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      terminationGracePeriod: Duration.seconds(terminationGracePeriodSeconds),
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
    check(ports.some((port) => port.number === probePort), 'health.port', probePort,
      `must be a port the container declares (${ports.map((port) => `${port.name}=${port.number}`).join(', ')})`);
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
      envVariables: Object.fromEntries((props.env ?? []).map(({ name, value }) => [name, kplus.EnvValue.fromValue(value)])),
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
    if (props.imagePullSecrets?.length) {
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
      ...props.autoscaling,
      name: props.name,
      labels: this.labels,
      target: this.deployment,
    });

    this.disruptionBudget = new DisruptionBudget(this, 'DisruptionBudget', {
      name: props.name,
      labels: this.labels,
      podSelector: this.selectorLabels,
      minAvailable: props.minAvailable,
      minReplicas: this.autoscaler.minReplicas,
    });

    new NetworkIsolation(this, 'NetworkIsolation', {
      name: props.name,
      labels: this.labels,
      podLabels: this.selectorLabels,
      httpPort: props.httpPort,
      metricsPort,
      ingressNamespace: props.ingressNamespace,
      monitoringNamespace: props.monitoringNamespace,
      egress: props.egress,
    });

    if (props.ingress) {
      this.publicIngress = new PublicIngress(this, 'Ingress', {
        ...props.ingress,
        name: props.name,
        labels: this.labels,
        blockedPaths: metricsPort === props.httpPort ? [props.metricsPath ?? HTTP_SERVICE_DEFAULTS.metricsPath] : undefined,
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

function validateProps(props: HttpServiceProps): void {
  checkDnsLabel('name', props.name);
  checkImagePinned(props.image);
  for (const [field, port] of [['httpPort', props.httpPort], ['metricsPort', props.metricsPort]] as const) {
    if (port === undefined) continue;
    check(Number.isInteger(port) && port >= 1 && port <= 65535, field, port, 'must be an integer port number in 1–65535');
  }
  check(props.metricsPath === undefined || /^\/\S*$/.test(props.metricsPath), 'metricsPath', props.metricsPath, 'must be an absolute HTTP path starting with "/"');
  for (const probe of ['liveness', 'readiness', 'startup'] as const) {
    const path = props.health[probe];
    if (path === undefined) continue;
    check(typeof path === 'string' && path.startsWith('/'), `health.${probe}`, path, 'must be an absolute HTTP path starting with "/"');
  }
  check(
    props.health.liveness !== props.health.readiness, 'health.readiness', props.health.readiness,
    'must differ from health.liveness: a shared endpoint restarts pods that are only busy or waiting on a dependency',
  );
  checkResources(props.resources ?? DEFAULT_RESOURCES);
  const envNames = (props.env ?? []).map((variable) => variable.name);
  envNames.forEach((name, index) => checkEnvVarName(`env[${index}].name`, name));
  checkUnique('env.name', envNames);
  checkUnique('envFromSecrets', props.envFromSecrets ?? []);
  checkUnique('imagePullSecrets', props.imagePullSecrets ?? []);
  (props.imagePullSecrets ?? []).forEach((secret, index) => checkDnsSubdomain(`imagePullSecrets[${index}]`, secret));
  (props.envFromSecrets ?? []).forEach((secret, index) => checkDnsLabel(`envFromSecrets[${index}]`, secret));
  for (const [field, id] of [['runAsUser', props.runAsUser], ['runAsGroup', props.runAsGroup]] as const) {
    if (id === undefined) continue;
    check(Number.isInteger(id) && id >= MIN_NON_ROOT_ID, field, id, `must be an integer >= ${MIN_NON_ROOT_ID} (non-root, clear of host users)`);
  }
  const { terminationGracePeriodSeconds: grace, preStopDelaySeconds: preStop } = drainTiming(props);
  check(Number.isInteger(preStop) && preStop >= 0, 'preStopDelaySeconds', preStop, 'must be a whole number of seconds >= 0');
  check(
    Number.isInteger(grace) && grace > preStop, 'terminationGracePeriodSeconds', grace,
    `must be a whole number of seconds greater than preStopDelaySeconds (${preStop}), or the process never sees SIGTERM`,
  );
}

function drainTiming(props: HttpServiceProps) {
  return {
    terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? HTTP_SERVICE_DEFAULTS.terminationGracePeriodSeconds,
    preStopDelaySeconds: props.preStopDelaySeconds ?? HTTP_SERVICE_DEFAULTS.preStopDelaySeconds,
  };
}

const PINNED_IMAGE = /^[^@\s]+(:[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/;

function checkImagePinned(image: string): void {
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const hasTagOrDigest = image.includes('@') || lastSegment.includes(':');
  check(hasTagOrDigest && PINNED_IMAGE.test(image), 'image', image, 'must be pinned by tag or digest (repository:tag or repository@sha256:<64 hex>)');
  check(!/:latest$/.test(image), 'image', image, 'must not use the mutable "latest" tag: pin a version or a digest');
}
