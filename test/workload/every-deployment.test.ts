import { RELOADER_SECRET_ANNOTATION } from '../../lib/workload/http-service';
import type { KubernetesObject } from '../../lib/validation/schema-validation';
import { synthesizedMainPlan } from '../support/deployments';

/* eslint-disable @typescript-eslint/no-explicit-any -- reading synthesized manifests */

/**
 * What a first `kubectl apply -f dist/<env>/` must get right, checked over every
 * service in every environment main.ts plans, on the synthesized objects.
 */
const charts = synthesizedMainPlan();
const serviceCharts = charts.filter((chart) => chart.plan.deployment);
const ofKind = (objects: readonly KubernetesObject[], kind: string) => objects.filter((o) => o.kind === kind) as any[];

describe.each(serviceCharts.map((chart) => [chart.plan.file, chart] as const))('%s', (_file, chart) => {
  const deployment = ofKind(chart.objects, 'Deployment')[0];
  const pod = deployment.spec.template.spec;
  const resolved = chart.plan.deployment!;

  it('spreads replicas hard over nodes and softly over zones, counting only the current ReplicaSet', () => {
    const spread = Object.fromEntries(pod.topologySpreadConstraints.map((c: any) => [c.topologyKey, c]));
    expect(spread['kubernetes.io/hostname']).toMatchObject({ maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['pod-template-hash'] });
    expect(spread['topology.kubernetes.io/zone']).toMatchObject({ whenUnsatisfiable: 'ScheduleAnyway', matchLabelKeys: ['pod-template-hash'] });
  });

  it('pulls the image only when the node lacks it, so a registry outage does not stop new pods', () => {
    for (const container of pod.containers) expect(container.imagePullPolicy).toBe('IfNotPresent');
  });

  it('lets the pods reach DNS and their dependencies, and HTTPS anywhere but the link-local metadata range', () => {
    const policy = ofKind(chart.objects, 'NetworkPolicy')[0];
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    const ports = policy.spec.egress.map((rule: any) => rule.ports.map((p: any) => p.port).join(','));
    expect(ports[0]).toBe('53,53');
    expect(ports).toContain('443');
    const https = policy.spec.egress.find((rule: any) => rule.ports[0].port === 443);
    expect(https.to).toEqual([{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.0.0/16'] } }]);
    for (const dependency of resolved.workload.egress?.dependencies ?? []) expect(ports).toContain(String(dependency.port));
  });

  it('rolls the Deployment when a Secret it reads changes (Reloader), and only then', () => {
    const reads = pod.containers.flatMap((c: any) => (c.envFrom ?? []).map((source: any) => source.secretRef?.name)).filter(Boolean);
    expect(deployment.metadata.annotations?.[RELOADER_SECRET_ANNOTATION]).toBe(reads.length > 0 ? reads.join(',') : undefined);
  });

  it('is public exactly where the environment declares a host, with a certificate for it (test/workload/public-route.test.ts proves the paths)', () => {
    const route = resolved.workload.publicRoute;
    expect(ofKind(chart.objects, 'HTTPRoute').map((object) => object.spec.hostnames)).toEqual(route ? [[route.host]] : []);
    expect(ofKind(chart.objects, 'Certificate').map((object) => object.spec.dnsNames)).toEqual(route ? [[route.host]] : []);
  });

  it('admits only the Gateway\'s namespace to the HTTP port and only the monitoring namespace to the metrics port', () => {
    const from = ofKind(chart.objects, 'NetworkPolicy')[0].spec.ingress.map((rule: any) => rule.from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name']);
    expect(from).toEqual([resolved.workload.gatewayNamespace, resolved.workload.monitoringNamespace]);
  });
});

describe('every object of every environment', () => {
  it('carries the labels the label-scoped prune selects on', () => {
    for (const chart of charts) {
      for (const object of chart.objects) {
        expect({ object: `${chart.plan.file} ${object.kind}/${object.metadata?.name}`, labels: (object.metadata as any).labels })
          .toMatchObject({ labels: { 'app.kubernetes.io/part-of': 'reconciliation-platform', environment: chart.plan.environment.name } });
      }
    }
  });
});

describe('secrets across environments', () => {
  it('staging and production ExternalSecrets share no remote key', () => {
    const keys = (environment: string) => new Set(charts.filter((chart) => chart.plan.environment.name === environment)
      .flatMap((chart) => ofKind(chart.objects, 'ExternalSecret')).flatMap((es) => es.spec.data.map((d: any) => d.remoteRef.key)));
    const staging = keys('staging');
    const production = keys('production');
    expect(staging.size).toBeGreaterThan(0);
    expect([...production].filter((key) => staging.has(key))).toEqual([]);
  });
});
