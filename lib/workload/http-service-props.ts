import type { AutoscalingProps } from './service-autoscaler';
import type { EgressProps } from './network-isolation';
import type { PublicIngressSpec } from './public-ingress';
import type { ResourceRequirements } from './resources';

/** The inputs of HttpService, as plain data; validated by HttpService. */

export interface HealthEndpoints {
  /**
   * Restart the container when this fails.
   * @default a TCP check of the HTTP port, for services without a liveness endpoint
   */
  readonly liveness?: string;
  /** Take the pod out of the Service endpoints when this fails. */
  readonly readiness: string;
  /**
   * Hold liveness back until the process has started.
   * @default the liveness path; for a service without one, a TCP check of the port (not the
   * readiness path: a pod that boots while its database is down would be killed after 60 s)
   */
  readonly startup?: string;
  /** Container port the probes call; must be one the container declares. @default the HTTP port */
  readonly port?: number;
}

export interface EnvVar {
  readonly name: string;
  readonly value: string;
}

export interface HttpServiceProps {
  /** Name of every object of the service; a DNS-1123 label. */
  readonly name: string;
  /** Image reference pinned by tag or digest (`repo:1.2.3` or `repo@sha256:...`); `latest` is refused. */
  readonly image: string;
  /** Port the process serves HTTP on. */
  readonly httpPort: number;
  /** Port the process serves metrics on. @default the HTTP port */
  readonly metricsPort?: number;
  /** Path of the metrics; kept off the public ingress when served on the HTTP port. @default "/metrics" */
  readonly metricsPath?: string;
  readonly health: HealthEndpoints;
  /** @default DEFAULT_RESOURCES (requests 200m/256Mi, limits 500m/512Mi) */
  readonly resources?: ResourceRequirements;
  /** @default 2–10 replicas on CPU 70 % / memory 80 %, see Autoscaling */
  readonly autoscaling?: AutoscalingProps;
  /** PodDisruptionBudget floor. @default 1 */
  readonly minAvailable?: number;
  /** Plain (non-secret) environment variables. @default none */
  readonly env?: readonly EnvVar[];
  /** Secrets whose keys all become environment variables (envFrom). @default none */
  readonly envFromSecrets?: readonly string[];
  /** Namespace of the ingress controller allowed to reach the HTTP port. */
  readonly ingressNamespace: string;
  /** Namespace of Prometheus, allowed to reach the metrics port. */
  readonly monitoringNamespace: string;
  /** @default 10001 */
  readonly runAsUser?: number;
  /** @default 10001 */
  readonly runAsGroup?: number;
  /** Time the pod gets between SIGTERM and SIGKILL. @default 30 */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * preStop pause, so endpoints controllers and load balancers stop sending traffic
   * before the process receives SIGTERM. Runs `sleep` inside the image. @default 5
   */
  readonly preStopDelaySeconds?: number;
  /** Extra labels on every object. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** `app.kubernetes.io/component` label, e.g. `api`, `monitoring`. @default "api" */
  readonly component?: string;
  /** Secrets (`kubernetes.io/dockerconfigjson`) the kubelet pulls the image with. @default none */
  readonly imagePullSecrets?: readonly string[];
  /** Public HTTPS entry point on ingress-nginx. @default none: reachable only inside the cluster */
  readonly ingress?: PublicIngressSpec;
  /** Outgoing connections the pods may open. @default not restricted */
  readonly egress?: EgressProps;
}
