import { resolveEnvironment } from '../../lib/plan/deployment-from-specs';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { NamespaceChart } from '../../lib/charts/namespace-chart';
import { App } from 'cdk8s';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { findObject, synthServiceChart } from '../support/charts';

/* eslint-disable @typescript-eslint/no-explicit-any -- reading synthesized manifests */
describe('the reconciliation backend in production', () => {
  const objects = synthServiceChart(reconciliationBackend, production);
  const deployment: any = findObject(objects, 'Deployment', 'reconciliation-backend');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  it('runs every object in the reconciliation-platform namespace', () => {
    for (const object of objects) expect(object.metadata?.namespace).toBe('reconciliation-platform');
  });

  it('requests 200m CPU / 256Mi memory and is limited to 500m / 512Mi', () => {
    expect(container.resources).toEqual({
      requests: { cpu: '200m', memory: '256Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    });
  });

  it('checks readiness, liveness and startup on different terms', () => {
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/health/readiness', port: 8080 });
    expect(container.livenessProbe.httpGet).toMatchObject({ path: '/health/liveness', port: 8080 });
    expect(container.startupProbe.httpGet).toMatchObject({ path: '/health/liveness', port: 8080 });
    expect(container.startupProbe.failureThreshold * container.startupProbe.periodSeconds).toBe(60);
  });

  it('runs as a non-root user >= 10000 on a read-only root filesystem with a writable /tmp', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 10001,
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  it('pins the image by tag', () => {
    expect(container.image).toBe('ghcr.io/reconciliation-platform/reconciliation-backend:1.4.2');
  });

  it('leaves the replica count to the HPA and never drops below it while rolling', () => {
    expect(deployment.spec.replicas).toBeUndefined();
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  it('spreads pods across zones and nodes', () => {
    expect(pod.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    for (const constraint of pod.topologySpreadConstraints) {
      expect(constraint.labelSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    }
  });

  it('drains gracefully: a preStop pause inside the termination grace period', () => {
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    expect(container.lifecycle.preStop.exec.command).toEqual(['sleep', '5']);
  });

  it('labels pods only with stable labels (no construct-path hash)', () => {
    expect(Object.keys(deployment.spec.template.metadata.labels)).not.toContain('cdk8s.io/metadata.addr');
  });

  it('uses its own ServiceAccount without a mounted token or an IAM role; the secrets role is on the reader ESO uses', () => {
    const account: any = findObject(objects, 'ServiceAccount', 'reconciliation-backend');
    expect(account.automountServiceAccountToken).toBe(false);
    expect(account.metadata.annotations?.['eks.amazonaws.com/role-arn']).toBeUndefined();
    const reader: any = findObject(objects, 'ServiceAccount', 'reconciliation-backend-secrets-reader');
    expect(reader.metadata.annotations['eks.amazonaws.com/role-arn']).toBe(
      'arn:aws:iam::123456789012:role/reconciliation-backend-production');
    expect(pod.serviceAccountName).toBe('reconciliation-backend');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('exposes named http and metrics ports on its Service', () => {
    const service: any = findObject(objects, 'Service', 'reconciliation-backend');
    expect(service.spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 8080 },
      { name: 'metrics', port: 8080, targetPort: 8080 },
    ]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
  });

  it('autoscales 2–10 replicas on CPU 70 % and memory 80 %, up fast and down slowly', () => {
    const hpa: any = findObject(objects, 'HorizontalPodAutoscaler', 'reconciliation-backend');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'reconciliation-backend' });
    expect(hpa.spec.minReplicas).toBe(2);
    expect(hpa.spec.maxReplicas).toBe(10);
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
    ]);
    expect(hpa.spec.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 30 }, { type: 'Pods', value: 2, periodSeconds: 30 }],
      },
      scaleDown: {
        stabilizationWindowSeconds: 300,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
      },
    });
  });

  it('keeps one pod through voluntary disruptions, but lets unhealthy pods be evicted', () => {
    const pdb: any = findObject(objects, 'PodDisruptionBudget', 'reconciliation-backend');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.spec).toEqual({
      minAvailable: 1,
      selector: { matchLabels: deployment.spec.selector.matchLabels },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  it('lets the pods reach DNS, Postgres and Redis in the data subnets and HTTPS, never the node metadata endpoint', () => {
    const policy: any = findObject(objects, 'NetworkPolicy', 'reconciliation-backend');
    const rules = policy.spec.egress.map((rule: any) => ({ ports: rule.ports.map((p: any) => `${p.protocol}/${p.port}`), to: rule.to }));
    expect(rules.map((rule: any) => rule.ports.join(','))).toEqual(['UDP/53,TCP/53', 'TCP/5432', 'TCP/6379', 'TCP/443']);
    expect(rules[1].to).toEqual([{ ipBlock: { cidr: '10.0.0.0/16' } }]);
    expect(rules[3].to).toEqual([{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.0.0/16'] } }]);
  });

  it('denies ingress except http from the Gateway\'s namespace and metrics from monitoring', () => {
    const policy: any = findObject(objects, 'NetworkPolicy', 'reconciliation-backend');
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.podSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(policy.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway-system' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
  });
});

describe('the environment namespace', () => {
  it('enforces, audits and warns on the restricted Pod Security profile', () => {
    const chart = new NamespaceChart(new App({ outdir: 'unused' }), 'namespace', { environment: resolveEnvironment(production, production.clusters[0]) });
    const [namespace] = chart.toJson();
    expect(namespace.kind).toBe('Namespace');
    expect(namespace.metadata.name).toBe('reconciliation-platform');
    for (const mode of ['enforce', 'audit', 'warn']) {
      expect(namespace.metadata.labels[`pod-security.kubernetes.io/${mode}`]).toBe('restricted');
    }
  });
});

describe('the reconciliation backend in staging', () => {
  const objects = synthServiceChart(reconciliationBackend, staging);

  it('runs its own namespace, tag, replica bounds and smaller CPU request', () => {
    const deployment: any = findObject(objects, 'Deployment');
    const hpa: any = findObject(objects, 'HorizontalPodAutoscaler');
    expect(deployment.metadata.namespace).toBe('reconciliation-platform-staging');
    expect(deployment.spec.template.spec.containers[0].image).toMatch(/:1\.5\.0-rc\.1$/);
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([2, 4]);
    expect(deployment.spec.template.spec.containers[0].resources.requests.cpu).toBe('100m');
  });
});
