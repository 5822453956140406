import * as yaml from 'js-yaml';
import { probeJob } from '../monitoring/edge-probe';
import { parseQuantity } from '../validation/quantity';
import { ALERT_ROUTING_NAME } from '../monitoring/alert-routing';
import type { DashboardJson } from './panel-queries';
import type { PreviewService } from './preview-run';
import type { PreviewRuleGroup } from './rule-backfill';

/** What the preview reads from a service's synthesized manifests (dist/<env>/<cluster>/workloads/<service>.k8s.yaml). */
export interface DeploymentFacts {
  readonly ruleGroups: PreviewRuleGroup[];
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly metricsPort: number;
  readonly cpuRequestCores: number;
  readonly cpuLimitCores: number;
  readonly memoryRequestBytes: number;
  readonly memoryLimitBytes: number;
  /** Names of the service's ExternalSecrets, whose sync condition ESO reports. */
  readonly externalSecrets: readonly string[];
  /** Labels of the series of each URL the service's Probes name, as Prometheus stores them (static labels, job, instance). */
  readonly probes: readonly Readonly<Record<string, string>>[];
  /** cert-manager Certificates the service's manifest holds (one per public host). */
  readonly certificates: readonly string[];
}

interface ManifestObject {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Reads the facts of `service` from its manifests; a missing object is an error naming the file and the kind. */
export function deploymentFacts(manifestFile: string, manifestText: string, service: string): DeploymentFacts {
  const objects = (yaml.loadAll(manifestText) as ManifestObject[]).filter(Boolean);
  const find = (kind: string) => {
    const found = objects.find((object) => object.kind === kind && object.metadata.name === service);
    if (!found) throw new Error(`${manifestFile} has no ${kind} named ${service}: run npm run synth first`);
    return found;
  };
  const hpa = find('HorizontalPodAutoscaler');
  const deployment = find('Deployment');
  const container = deployment.spec.template.spec.containers.find((candidate: { name: string }) => candidate.name === service)
    ?? deployment.spec.template.spec.containers[0];
  const { requests, limits } = container.resources;
  const monitorPort = find('ServiceMonitor').spec.endpoints[0].port;
  const servicePort = find('Service').spec.ports.find((port: { name: string }) => port.name === monitorPort);
  const rules = objects.filter((object) => object.kind === 'PrometheusRule');
  return {
    ruleGroups: rules.flatMap((rule) => rule.spec.groups as PreviewRuleGroup[]),
    minReplicas: hpa.spec.minReplicas,
    maxReplicas: hpa.spec.maxReplicas,
    metricsPort: Number(servicePort?.targetPort ?? servicePort?.port),
    cpuRequestCores: parseQuantity(`${manifestFile} resources.requests.cpu`, requests.cpu),
    cpuLimitCores: parseQuantity(`${manifestFile} resources.limits.cpu`, limits.cpu),
    memoryRequestBytes: parseQuantity(`${manifestFile} resources.requests.memory`, requests.memory),
    memoryLimitBytes: parseQuantity(`${manifestFile} resources.limits.memory`, limits.memory),
    externalSecrets: objects.filter((object) => object.kind === 'ExternalSecret').map((object) => object.metadata.name),
    probes: objects.filter((object) => object.kind === 'Probe').flatMap((probe) => {
      const { static: urls = [], labels = {} } = probe.spec.targets?.staticConfig ?? {};
      return (urls as string[]).map((url) => ({
        namespace: probe.metadata.namespace ?? '', ...labels, job: probeJob(probe.metadata.namespace ?? '', probe.metadata.name), instance: url,
      }));
    }),
    certificates: objects.filter((object) => object.kind === 'Certificate').map((certificate) => certificate.metadata.name),
  };
}

/**
 * The environment's own part of the preview: the rules of its alert-routing chart
 * (dist/<env>/<cluster>/workloads/01-alert-routing.k8s.yaml), its ExternalSecret, and the namespace
 * dashboard. Replayed as a target without pods.
 */
export function environmentPreviewService(
  environment: string, namespace: string, manifestText: string, dashboard: DashboardJson,
): PreviewService {
  const objects = (yaml.loadAll(manifestText) as ManifestObject[]).filter(Boolean);
  return {
    environment,
    target: {
      service: ALERT_ROUTING_NAME, namespace, metrics: [], signals: {}, metricsPort: 0, minReplicas: 0, maxReplicas: 0,
      cpuRequestCores: 0, cpuLimitCores: 0, memoryRequestBytes: 0, memoryLimitBytes: 0,
      externalSecrets: objects.filter((object) => object.kind === 'ExternalSecret').map((object) => object.metadata.name),
    },
    ruleGroups: objects.filter((object) => object.kind === 'PrometheusRule').flatMap((rule) => rule.spec.groups as PreviewRuleGroup[]),
    dashboards: { [NAMESPACE_DASHBOARD_STEM]: dashboard },
  };
}

/** File stem of the namespace dashboard in dashboards/<env>/ (lib/grafana/namespace-dashboard.ts). */
export const NAMESPACE_DASHBOARD_STEM = 'namespace';
