import { parseQuantity } from '../../lib/validation/quantity';
import { checkDnsSubdomain } from '../../lib/validation/names';
import { synthHttpService } from '../support/charts';

/** Each case: the props change, and the exact message the user must see. */
describe('HttpService refuses bad input with field, value and rule', () => {
  it.each([
    ['HPA min above max', { autoscaling: { minReplicas: 12, maxReplicas: 10 } },
      'autoscaling.minReplicas (12) must be <= autoscaling.maxReplicas (10)'],
    ['HPA min below one', { autoscaling: { minReplicas: 0 } },
      'autoscaling.minReplicas (0) must be an integer >= 1'],
    ['CPU utilization above 100', { autoscaling: { cpuUtilization: 120 } },
      'autoscaling.cpuUtilization (120) must be an integer percentage in 1–100'],
    ['memory utilization of zero', { autoscaling: { memoryUtilization: 0 } },
      'autoscaling.memoryUtilization (0) must be an integer percentage in 1–100'],
    ['an unparsable quantity', { resources: { requests: { cpu: '200 millicores', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } } },
      'resources.requests.cpu ("200 millicores") must be a Kubernetes quantity'],
    ['requests above limits', { resources: { requests: { cpu: '200m', memory: '1Gi' }, limits: { cpu: '500m', memory: '512Mi' } } },
      'resources.requests.memory ("1Gi") must be <= resources.limits.memory ("512Mi")'],
    ['memory that is not whole mebibytes', { resources: { requests: { cpu: '200m', memory: '256M' }, limits: { cpu: '500m', memory: '512Mi' } } },
      'resources.requests.memory ("256M") must be a whole number of mebibytes'],
    ['a PDB that blocks every eviction at the HPA minimum', { minAvailable: 2, autoscaling: { minReplicas: 2 } },
      'minAvailable (2) must be < autoscaling.minReplicas (2), or the budget blocks every eviction'],
    ['a probe port the container does not declare', { health: { liveness: '/live', readiness: '/ready', port: 9999 } },
      'health.port (9999) must be a port the container declares (http=8080)'],
    ['a name that is not DNS-1123', { name: 'Reconciliation_Backend' },
      'name ("Reconciliation_Backend") must be a DNS-1123 label'],
    ['duplicate env names', { env: [{ name: 'RUST_LOG', value: 'info' }, { name: 'RUST_LOG', value: 'debug' }] },
      'env.name[1] ("RUST_LOG") duplicates env.name[0]: names must be unique'],
    ['an env name that is not a variable name', { env: [{ name: 'RUST-LOG', value: 'info' }] },
      'env[0].name ("RUST-LOG") must be a valid environment variable name'],
    ['an image without tag', { image: 'registry.example.com/example' },
      'image ("registry.example.com/example") must be pinned by tag or digest'],
    ['an image on latest', { image: 'registry.example.com/example:latest' },
      'image ("registry.example.com/example:latest") must not use the mutable "latest" tag'],
    ['a registry port mistaken for a tag', { image: 'registry.example.com:5000/example' },
      'image ("registry.example.com:5000/example") must be pinned by tag or digest'],
    ['identical liveness and readiness', { health: { liveness: '/health', readiness: '/health' } },
      'health.readiness ("/health") must differ from health.liveness'],
    ['a relative probe path', { health: { liveness: 'health/liveness', readiness: '/health/readiness' } },
      'health.liveness ("health/liveness") must be an absolute HTTP path'],
    ['a port out of range', { httpPort: 70000 },
      'httpPort (70000) must be an integer port number in 1–65535'],
    ['a root user', { runAsUser: 0 },
      'runAsUser (0) must be an integer >= 10000'],
    ['a grace period shorter than the preStop pause', { terminationGracePeriodSeconds: 5, preStopDelaySeconds: 5 },
      'terminationGracePeriodSeconds (5) must be a whole number of seconds greater than preStopDelaySeconds (5)'],
  ])('rejects %s', (_case, overrides, message) => {
    expect(() => synthHttpService(overrides as never)).toThrow(message);
  });

  it('accepts a digest-pinned image and a TCP liveness check', () => {
    const objects = synthHttpService({
      image: `registry.example.com:5000/example@sha256:${'a'.repeat(64)}`,
      health: { readiness: '/health' },
    });
    const deployment = objects.find((object) => object.kind === 'Deployment') as never as {
      spec: { template: { spec: { containers: { livenessProbe: { tcpSocket: { port: number } } }[] } } };
    };
    expect(deployment.spec.template.spec.containers[0].livenessProbe.tcpSocket.port).toBe(8080);
  });
});

describe('quantities and names', () => {
  it('parses decimal and binary suffixes', () => {
    expect(parseQuantity('cpu', '200m')).toBeCloseTo(0.2);
    expect(parseQuantity('cpu', '1.5')).toBe(1.5);
    expect(parseQuantity('memory', '1Gi')).toBe(2 ** 30);
    expect(parseQuantity('memory', '2k')).toBe(2000);
  });

  it('rejects a zero quantity', () => {
    expect(() => parseQuantity('memory', '0Mi')).toThrow('memory ("0Mi") must be greater than zero');
  });

  it('accepts subdomain names and rejects upper case', () => {
    expect(() => checkDnsSubdomain('name', 'a.b-c')).not.toThrow();
    expect(() => checkDnsSubdomain('name', 'A.b')).toThrow('name ("A.b") must be a DNS-1123 subdomain');
  });
});

describe('autoscaling bounds', () => {
  it('names maxReplicas when it is not a whole number', () => {
    expect(() => synthHttpService({ autoscaling: { maxReplicas: 1.5 } })).toThrow('autoscaling.maxReplicas (1.5) must be an integer');
  });

  it('drops the preStop hook for images without sleep (preStopDelaySeconds 0)', () => {
    const deployment = synthHttpService({ preStopDelaySeconds: 0 }).find((o) => o.kind === 'Deployment') as never as {
      spec: { template: { spec: { containers: { lifecycle?: unknown }[] } } };
    };
    expect(deployment.spec.template.spec.containers[0].lifecycle).toBeUndefined();
  });
});
