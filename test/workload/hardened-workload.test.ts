import { BlockList } from 'net';
import { validateAgainstSchemas } from '../../lib/validation/schema-validation';
import type { KubernetesObject } from '../../lib/validation/schema-validation';
import { PRIVATE_IPV4_RANGES } from '../../lib/workload/network-isolation';
import { findObject, synthHttpService } from '../support/charts';

/* eslint-disable @typescript-eslint/no-explicit-any -- reading synthesized manifests */
const podSpec = (objects: KubernetesObject[]) => (findObject(objects, 'Deployment') as any).spec.template.spec;

describe('HttpService availability', () => {
  const objects = synthHttpService({ imagePullSecrets: ['ghcr-pull'] });
  const pod = podSpec(objects);

  it('keeps nodes within one replica of each other (hard) and prefers spreading across zones (soft)', () => {
    expect(pod.topologySpreadConstraints).toEqual([
      {
        maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'example' } }, matchLabelKeys: ['pod-template-hash'],
      },
      {
        maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'example' } }, matchLabelKeys: ['pod-template-hash'],
      },
    ]);
  });

  it('pulls the image only when the node lacks it, with the given pull secrets', () => {
    expect(pod.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(pod.imagePullSecrets).toEqual([{ name: 'ghcr-pull' }]);
    expect(podSpec(synthHttpService()).imagePullSecrets).toBeUndefined();
  });

  it('accepts an image pinned by digest', () => {
    const image = `registry.example.com/example@sha256:${'a'.repeat(64)}`;
    expect(podSpec(synthHttpService({ image })).containers[0]).toMatchObject({ image, imagePullPolicy: 'IfNotPresent' });
  });

  it('starts a service without a liveness path on a TCP check, not on readiness, so a missing database does not kill it', () => {
    const container = podSpec(synthHttpService({ health: { readiness: '/health' } })).containers[0];
    expect(container.startupProbe.tcpSocket).toEqual({ port: 8080 });
    expect(container.startupProbe.httpGet).toBeUndefined();
    expect(container.readinessProbe.httpGet.path).toBe('/health');
  });

  it('still starts on the liveness path, or an explicit startup path, when one is given', () => {
    expect(podSpec(synthHttpService()).containers[0].startupProbe.httpGet.path).toBe('/health/liveness');
    const health = { readiness: '/health', startup: '/started' };
    expect(podSpec(synthHttpService({ health })).containers[0].startupProbe.httpGet.path).toBe('/started');
  });
});

describe('HttpService egress', () => {
  const egress = {
    dependencies: [
      { name: 'database', port: 5432, cidr: '10.20.0.0/16' },
      { name: 'cache', port: 6379, namespace: 'cache', podLabels: { 'app.kubernetes.io/name': 'redis' } },
    ],
  };
  const policy: any = findObject(synthHttpService({ egress }), 'NetworkPolicy');
  const rules: any[] = policy.spec.egress;

  /** Whether any egress rule lets the pods open `protocol`/`port` to the IPv4 address `ip`. */
  function allowsAddress(ruleList: any[], ip: string, port: number, protocol = 'TCP'): boolean {
    return ruleList.some((rule) => rule.ports.some((p: any) => p.port === port && p.protocol === protocol)
      && rule.to.some((peer: any) => {
        if (!peer.ipBlock) return false;
        const inBlock = (cidr: string) => {
          const list = new BlockList();
          const [address, prefix] = cidr.split('/');
          list.addSubnet(address, Number(prefix), 'ipv4');
          return list.check(ip, 'ipv4');
        };
        return inBlock(peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some(inBlock);
      }));
  }

  it('restricts both directions', () => {
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  it('allows DNS over UDP and TCP to the cluster DNS pods only', () => {
    expect(rules[0]).toEqual({
      to: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    });
    expect(allowsAddress(rules, '8.8.8.8', 53, 'UDP')).toBe(false);
  });

  it('allows the declared dependencies on their ports', () => {
    expect(allowsAddress(rules, '10.20.3.4', 5432)).toBe(true);
    expect(allowsAddress(rules, '10.21.3.4', 5432)).toBe(false);
    expect(rules[2]).toEqual({
      to: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'cache' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redis' } },
      }],
      ports: [{ protocol: 'TCP', port: 6379 }],
    });
  });

  it('allows HTTPS to the internet but never to the instance metadata service or any link-local address', () => {
    expect(allowsAddress(rules, '52.94.1.1', 443)).toBe(true);
    expect(allowsAddress(rules, '52.94.1.1', 80)).toBe(false);
    expect(allowsAddress(rules, '169.254.169.254', 443)).toBe(false);
    expect(allowsAddress(rules, '169.254.169.254', 80)).toBe(false);
    expect(allowsAddress(rules, '169.254.170.2', 443)).toBe(false);
  });

  it('keeps HTTPS off private ranges when asked to', () => {
    const privateRules = (findObject(synthHttpService({ egress: { httpsExcept: ['169.254.0.0/16', ...PRIVATE_IPV4_RANGES] } }), 'NetworkPolicy') as any).spec.egress;
    expect(allowsAddress(privateRules, '10.0.0.5', 443)).toBe(false);
    expect(allowsAddress(privateRules, '52.94.1.1', 443)).toBe(true);
  });

  it('leaves egress open and the policy ingress-only when no egress is declared', () => {
    const open: any = findObject(synthHttpService(), 'NetworkPolicy');
    expect(open.spec.policyTypes).toEqual(['Ingress']);
    expect(open.spec.egress).toBeUndefined();
  });

  it('passes the Kubernetes schema', async () => {
    expect(await validateAgainstSchemas('test', synthHttpService({ egress, imagePullSecrets: ['ghcr-pull'] }))).toEqual([]);
  });
});
