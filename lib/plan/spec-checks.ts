import type { EnvironmentSpec } from '../specs/environment-spec';
import type { ServiceSpec } from '../specs/service-spec';
import { credentialLikeness } from '../validation/credentials';
import { check } from '../validation/errors';
import { checkDnsLabel, checkDnsSubdomain, checkEnvVarName, checkUnique } from '../validation/names';
import { HTTP_SERVICE_DEFAULTS } from '../workload/http-service';

/**
 * Value rules of the workload fields of a service spec and of its environment, checked
 * once where the specs are resolved; the constructs build what passed. Every error
 * names the field as the spec writes it (`services.<name>.…`, `environments.<name>.…`).
 */
export function checkWorkloadSpec(service: ServiceSpec, environment: EnvironmentSpec): void {
  const at = `services.${service.name}`;
  checkImageRepository(`${at}.imageRepository`, service.imageRepository);
  const ports: [string, number | undefined][] = [['httpPort', service.httpPort], ['metricsPort', service.metricsPort], ['health.port', service.health.port]];
  for (const [field, port] of ports) {
    if (port !== undefined) checkPort(`${at}.${field}`, port);
  }
  const metricsPort = service.metricsPort ?? service.httpPort;
  check(metricsPort !== HTTP_SERVICE_DEFAULTS.servicePort, `${at}.${service.metricsPort !== undefined ? 'metricsPort' : 'httpPort'}`, metricsPort,
    `must differ from ${HTTP_SERVICE_DEFAULTS.servicePort}, the Service's http port: one Service cannot expose two ports with the same number`);
  const probePort = service.health.port ?? service.httpPort;
  check(probePort === service.httpPort || probePort === metricsPort, `${at}.health.port`, probePort,
    `must be a port the container declares (httpPort ${service.httpPort}${metricsPort !== service.httpPort ? `, metricsPort ${metricsPort}` : ''})`);
  checkHttpPath(`${at}.metricsPath`, service.metricsPath);
  for (const probe of ['liveness', 'readiness', 'startup'] as const) {
    const path = service.health[probe];
    if (path !== undefined) checkHttpPath(`${at}.health.${probe}`, path);
  }
  check(service.health.liveness !== service.health.readiness, `${at}.health.readiness`, service.health.readiness,
    'must differ from health.liveness: a shared endpoint restarts pods that are only busy or waiting on a dependency');
  const preStop = service.preStopDelaySeconds ?? HTTP_SERVICE_DEFAULTS.preStopDelaySeconds;
  const grace = HTTP_SERVICE_DEFAULTS.terminationGracePeriodSeconds;
  check(Number.isInteger(preStop) && preStop >= 0 && preStop < grace, `${at}.preStopDelaySeconds`, preStop,
    `must be a whole number of seconds from 0 to ${grace - 1}: the pod's termination grace period is ${grace} s, and the process must get SIGTERM within it`);
  const env = service.env ?? [];
  env.forEach((variable, index) => {
    checkEnvVarName(`${at}.env[${index}].name`, variable.name);
    // A value that looks like a credential in a plain env var would land in dist/ and in git.
    const why = credentialLikeness(variable.value);
    check(why === undefined, `${at}.env[${index}].value`, `${variable.name}=<redacted>`,
      `${why}: put it in AWS Secrets Manager and list it in secrets.inventory instead`);
  });
  checkUnique(`${at}.env`, env.map((variable) => variable.name), 'name');
  checkDependencies(service);
  const where = `environments.${environment.name}`;
  const pullSecrets = environment.imagePullSecrets ?? [];
  pullSecrets.forEach((secret, index) => checkDnsSubdomain(`${where}.imagePullSecrets[${index}]`, secret));
  checkUnique(`${where}.imagePullSecrets`, pullSecrets);
}

function checkDependencies(service: ServiceSpec): void {
  const dependencies = service.dependencies ?? [];
  const at = `services.${service.name}.dependencies`;
  checkUnique(at, dependencies.map((dependency) => dependency.name), 'name');
  dependencies.forEach((dependency, index) => {
    const field = `${at}[${index}]`;
    checkDnsLabel(`${field}.name`, dependency.name);
    checkPort(`${field}.port`, dependency.port);
    if (dependency.podLabels !== undefined) {
      check(Object.keys(dependency.podLabels).length > 0, `${field}.podLabels`, dependency.podLabels,
        'must name at least one label: an empty selector opens the port to every pod');
    }
    check(dependency.namespace === undefined || dependency.podLabels !== undefined, `${field}.namespace`, dependency.namespace,
      'only applies with podLabels');
    if (dependency.namespace !== undefined) checkDnsLabel(`${field}.namespace`, dependency.namespace);
  });
}

// Semantic versions (1.4.2, v2.0.0-rc.1) and digests identify one image for good; `main` or `latest` move.
const RELEASE_TAG = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$|^sha256:[a-f0-9]{64}$/;
/** A tag as the OCI distribution spec allows it, or a digest. */
const IMAGE_TAG = /^[\w][\w.-]{0,127}$|^sha256:[a-f0-9]{64}$/;

export function checkImageTag(field: string, imageTag: string, environment: EnvironmentSpec): void {
  check(IMAGE_TAG.test(imageTag), field, imageTag, 'must be an image tag (letters, digits, "_", "." or "-", at most 128) or a digest sha256:<64 hex>');
  check(!/^latest$/i.test(imageTag), field, imageTag, 'is a mutable tag: pin a release (semver) or a sha256 digest');
  if (environment.tier === 'production') {
    check(RELEASE_TAG.test(imageTag), field, imageTag,
      `must be a release (semver, e.g. 1.4.2) or a sha256 digest in ${environment.name} (tier production): tags like "main" move under a running deployment`);
  }
}

/** `registry.example.com:5000/team/app`: no tag or digest (imageTag carries it), no spaces. */
function checkImageRepository(field: string, repository: string): void {
  const lastSegment = repository.slice(repository.lastIndexOf('/') + 1);
  check(/^[^\s@]+$/.test(repository) && !lastSegment.includes(':'), field, repository,
    'must be an image repository without tag or digest (give those as imageTag), e.g. "ghcr.io/org/app"');
}

function checkPort(field: string, port: number): void {
  check(Number.isInteger(port) && port >= 1 && port <= 65535, field, port, 'must be an integer port number in 1–65535');
}

function checkHttpPath(field: string, path: string): void {
  check(/^\/\S*$/.test(path), field, path, 'must be an absolute HTTP path starting with "/"');
}
