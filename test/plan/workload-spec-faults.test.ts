import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import type { EnvironmentSpec } from '../../lib/specs/environment-spec';
import type { ServiceSpec } from '../../lib/specs/service-spec';
import { describeSpecError } from '../../lib/validation/errors';
import { checkDnsSubdomain } from '../../lib/validation/names';
import { parseQuantity } from '../../lib/validation/quantity';
import { MAX_REPLICAS_CEILING } from '../../lib/workload/service-autoscaler';
import { collaborationApi, collaborationApiMetrics } from '../../services/collaboration-api';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { planOf } from '../support/deployments';
import { thrownSpecError } from '../support/errors';
import { SERVICES } from '../../main';

/**
 * Every workload fault a spec can hold is refused while the plan is resolved, before any
 * chart is built or simulated, in one line naming the field as the spec writes it, the
 * service, the environment, the value and the rule.
 */

const BACKEND = reconciliationBackend.name;
const backend = `services.${BACKEND}`;
const inStaging = `environments.staging.services.${BACKEND}`;

function backendWith(change: object): ServiceSpec[] {
  return SERVICES.map((service) => (service.name === BACKEND ? { ...service, ...change } as ServiceSpec : service));
}
function entryIn(environment: EnvironmentSpec, service: string, change: object): EnvironmentSpec {
  return { ...environment, services: { ...environment.services, [service]: { ...environment.services[service], ...change } } };
}
function stagingWith(change: object): EnvironmentSpec[] {
  return [entryIn(staging, BACKEND, change), production];
}
/** Staging sizes the backend itself, so the service's own resources apply in production. */
const resources = (requests: object) => ({ resources: { requests: { cpu: '200m', memory: '256Mi', ...requests }, limits: { cpu: '500m', memory: '512Mi' } } });

/** The one line synth prints for the first error of a plan. */
function refusal(environments: readonly EnvironmentSpec[], services: readonly ServiceSpec[]): string {
  return describeSpecError(thrownSpecError(() => planOf(environments, services)));
}

const CASES: readonly [string, { environments?: EnvironmentSpec[]; services?: ServiceSpec[] }, string][] = [
  ['HPA min above max', { environments: stagingWith({ autoscaling: { minReplicas: 12, maxReplicas: 10 } }) },
    `${inStaging}.autoscaling.minReplicas (${BACKEND}, staging): 12 must be <= autoscaling.maxReplicas (10)`],
  ['one replica, which the PDB would never let go', { environments: stagingWith({ autoscaling: { minReplicas: 1 } }) },
    `${inStaging}.autoscaling.minReplicas (${BACKEND}, staging): 1 must be > 1, the PodDisruptionBudget's minAvailable`],
  ['CPU utilization above 100', { services: backendWith({ autoscaling: { cpuUtilization: 120 } }) },
    `${backend}.autoscaling.cpuUtilization (${BACKEND}, staging): 120 must be an integer percentage in 1–100`],
  ['an unparsable quantity', { services: backendWith(resources({ cpu: '200 millicores' })) },
    `${backend}.resources.requests.cpu (${BACKEND}, production): "200 millicores" must be a Kubernetes quantity`],
  ['requests above limits', { services: backendWith(resources({ memory: '1Gi' })) },
    `${backend}.resources.requests.memory (${BACKEND}, production): "1Gi" must be <= resources.limits.memory ("512Mi")`],
  ['memory that is not whole mebibytes', { services: backendWith(resources({ memory: '256M' })) },
    `${backend}.resources.requests.memory (${BACKEND}, production): "256M" must be a whole number of mebibytes`],
  ['a probe port the container does not declare', { services: backendWith({ health: { readiness: '/ready', port: 9999 } }) },
    `${backend}.health.port (${BACKEND}, staging): 9999 must be a port the container declares (httpPort 8080)`],
  ['duplicate env names', { services: backendWith({ env: [{ name: 'RUST_LOG', value: 'info' }, { name: 'RUST_LOG', value: 'debug' }] }) },
    `${backend}.env[1].name (${BACKEND}, staging): "RUST_LOG" duplicates ${backend}.env[0].name: names must be unique`],
  ['an env name that is not a variable name', { services: backendWith({ env: [{ name: 'RUST-LOG', value: 'info' }] }) },
    `${backend}.env[0].name (${BACKEND}, staging): "RUST-LOG" must be a valid environment variable name`],
  ['a tag in the image repository', { services: backendWith({ imageRepository: 'registry.example.com/example:1.0' }) },
    `${backend}.imageRepository (${BACKEND}, staging): "registry.example.com/example:1.0" must be an image repository without tag or digest`],
  ['an image tag with a space', { environments: stagingWith({ imageTag: '1.0 beta' }) },
    `${inStaging}.imageTag (${BACKEND}, staging): "1.0 beta" must be an image tag`],
  ['identical liveness and readiness', { services: backendWith({ health: { liveness: '/health', readiness: '/health' } }) },
    `${backend}.health.readiness (${BACKEND}, staging): "/health" must differ from health.liveness`],
  ['a relative probe path', { services: backendWith({ health: { liveness: 'health/liveness', readiness: '/health/readiness' } }) },
    `${backend}.health.liveness (${BACKEND}, staging): "health/liveness" must be an absolute HTTP path`],
  ['a port out of range', { services: backendWith({ httpPort: 70000 }) },
    `${backend}.httpPort (${BACKEND}, staging): 70000 must be an integer port number in 1–65535`],
  ['a preStop pause as long as the grace period', { services: backendWith({ preStopDelaySeconds: 30 }) },
    `${backend}.preStopDelaySeconds (${BACKEND}, staging): 30 must be a whole number of seconds from 0 to 29`],
  ['a dependency port out of range', { services: backendWith({ dependencies: [{ name: 'db', port: 70000 }] }) },
    `${backend}.dependencies[0].port (${BACKEND}, staging): 70000 must be an integer port number in 1–65535`],
  ['an empty pod selector', { services: backendWith({ dependencies: [{ name: 'db', port: 5432, podLabels: {} }] }) },
    `${backend}.dependencies[0].podLabels (${BACKEND}, staging): {} must name at least one label`],
  ['a malformed data network', { environments: [{ ...staging, clusters: [{ ...staging.clusters[0], dataNetworkCidr: '10.20.0.0' }] }, production] },
    'environments.staging.clusters[0].dataNetworkCidr (staging): "10.20.0.0" must be an IPv4 CIDR block'],
  ['a pull secret that is not a valid name', { environments: [{ ...staging, imagePullSecrets: ['GHCR pull'] }, production] },
    `environments.staging.imagePullSecrets[0] (${BACKEND}, staging): "GHCR pull" must be a DNS-1123 subdomain`],
  ['a public host that is not a DNS name', { environments: stagingWith({ publicRoute: { host: 'API.example.com', clusterIssuer: 'letsencrypt-staging' } }) },
    `${inStaging}.publicRoute.host (${BACKEND}, staging): "API.example.com" must be a DNS-1123 subdomain`],
  ['public paths that match the metrics path on the HTTP port', { services: backendWith({ publicPaths: ['/api', '/health'] }) },
    `${backend}.publicPaths[0] (${BACKEND}, staging): "/api" must not match the metrics path "/api/metrics", which is served on the HTTP port`],
  ['the default public path "/" with the metrics on the HTTP port', { services: backendWith({ publicPaths: undefined }) },
    `${backend}.publicPaths[0] (${BACKEND}, staging): "/" must not match the metrics path "/api/metrics"`],
  ['a Gateway namespace that is not a DNS label', { environments: [{ ...staging, gateway: { namespace: 'Gateway System' } }, production] },
    `environments.staging.gateway.namespace (${BACKEND}, staging): "Gateway System" must be a DNS-1123 label`],
  ['two public hosts on one Gateway listener', { environments: stagingWith({ publicRoute: { ...staging.services[BACKEND].publicRoute!, listener: 'https-collaboration-api' } }) },
    'environments.staging.services.collaboration-api.publicRoute.listener (collaboration-api, staging): "https-collaboration-api" is already the listener of '
      + `${BACKEND} in staging on Gateway gateway-system/public-staging; give each public host its own listener`],
  ['an old spec naming the ingress-nginx namespace', { environments: [{ ...staging, ingressNamespace: 'ingress-nginx' } as EnvironmentSpec, production] },
    'environments.staging.ingressNamespace (staging): "ingress-nginx" is no longer a field: it was removed with ingress-nginx (retired March 2026): '
      + 'the network policies admit the namespace of the environment\'s Gateway, `gateway.namespace` (default "gateway-system")'],
  ['an old spec with an Ingress', { environments: stagingWith({ ingress: { host: 'api.example.com', clusterIssuer: 'letsencrypt-staging', ingressClassName: 'nginx' } }) },
    `${inStaging}.ingress (staging): {"host":"api.example.com","clusterIssuer":"letsencrypt-staging","ingressClassName":"nginx"} is no longer a field: it was replaced by \`publicRoute\``],
  ['an ingress class on the new route', { environments: stagingWith({ publicRoute: { ...staging.services[BACKEND].publicRoute!, ingressClassName: 'nginx' } }) },
    `${inStaging}.publicRoute.ingressClassName (staging): "nginx" is no longer a field: it was removed with ingress-nginx`],
  ['a signal metric the service does not export', {
    services: backendWith({ signals: { ...reconciliationBackend.signals, http: { ...reconciliationBackend.signals.http!, requests: collaborationApiMetrics.httpRequests } } }),
  }, `${backend}.signals.http.requests (${BACKEND}, staging): "http_requests_total" is not in ${backend}.metrics (`],
  ['two services with one public host', {
    environments: [staging, entryIn(production, collaborationApi.name, { publicRoute: production.services[BACKEND].publicRoute })],
  }, `environments.production.services.collaboration-api.publicRoute.host (collaboration-api, production): "api.reconciliation-platform.example.com" is already the public host of ${BACKEND} in production`],
  ['one service with one public host in two environments', { environments: stagingWith({ publicRoute: { ...production.services[BACKEND].publicRoute!, clusterIssuer: 'letsencrypt-staging' } }) },
    `environments.production.services.${BACKEND}.publicRoute.host (${BACKEND}, production): "api.reconciliation-platform.example.com" is already the public host of ${BACKEND} in staging`],
];

describe('a plan refuses workload faults in one line, naming the spec field', () => {
  it.each(CASES)('refuses %s', (_case, { environments = [staging, production], services = SERVICES }, line) => {
    const refused = refusal(environments, services);
    expect(refused).toContain(line);
    expect(refused.split('\n')).toHaveLength(1);
  });

  it.each([100000, 1e9])(`refuses maxReplicas %d (above ${MAX_REPLICAS_CEILING}) in well under a second, before any simulation`, (maxReplicas) => {
    const started = performance.now();
    const refused = refusal(stagingWith({ autoscaling: { maxReplicas } }), SERVICES);
    expect(performance.now() - started).toBeLessThan(500);
    expect(refused).toContain(`${inStaging}.autoscaling.maxReplicas (${BACKEND}, staging): ${maxReplicas} must be at most ${MAX_REPLICAS_CEILING}`);
  });

  it('accepts a digest-pinned image and a service without a liveness endpoint', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const plan = planOf(stagingWith({ imageTag: digest }), backendWith({ health: { readiness: '/health' } }));
    expect(plan.deployments[0].workload.image).toBe(`${reconciliationBackend.imageRepository}@${digest}`);
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
