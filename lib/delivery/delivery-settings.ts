import { checkDeliverySpecShape } from '../specs/check-shape';
import type { ArgoCdSpec, DeliverySpec, FluxSpec, RepositorySpec } from '../specs/delivery-spec';
import { overDefaults } from '../specs/shapes';
import { check } from '../validation/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../validation/names';

/** The delivery spec with every default applied and every value checked: what the delivery charts read. */
export interface DeliverySettings {
  readonly repository: Required<RepositorySpec>;
  readonly argoCd: Required<ArgoCdSpec>;
  readonly flux: Required<Omit<FluxSpec, 'credentialsSecret'>> & Pick<FluxSpec, 'credentialsSecret'>;
}

export const DELIVERY_DEFAULTS = {
  repository: { branch: 'main', distPath: 'dist' },
  // Five attempts 10 s, 20 s, 40 s, 80 s, 160 s apart: a CRD or webhook that comes up late
  // (cert-manager, ESO) is waited for, then the failure stays on the Application for people.
  argoCd: { namespace: 'argocd', retryLimit: 5, retryBackoff: '10s', retryBackoffFactor: 2, retryBackoffMax: '5m' },
  flux: {
    namespace: 'flux-system',
    sourceName: 'reconciliation-platform',
    sourceInterval: '1m',
    interval: '10m',
    retryInterval: '2m',
    foundationTimeout: '5m',
    // A rollout surges one pod at a time (maxUnavailable 0) and each pod may take 60 s to
    // start (PROBE_TIMING.startup): ten replicas fit in 15 minutes.
    workloadsTimeout: '15m',
  },
} as const;

/** Go durations as both engines parse them (`time.ParseDuration`, no days). */
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const DIST_PATH = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

function checkDuration(field: string, value: string): void {
  check(GO_DURATION.test(value), field, value, 'must be a Go duration such as "30s", "5m" or "1h30m"');
}

/** Checks the spec's shape strictly, applies every default once and checks every value, naming the field of the first wrong one. */
export function resolveDeliverySettings(spec: DeliverySpec): DeliverySettings {
  checkDeliverySpecShape(spec);
  const repository = overDefaults<Required<RepositorySpec>>({ url: spec.repository.url, ...DELIVERY_DEFAULTS.repository }, spec.repository);
  const argoCd = overDefaults<Required<ArgoCdSpec>>(DELIVERY_DEFAULTS.argoCd, spec.argoCd);
  const flux: DeliverySettings['flux'] = overDefaults<DeliverySettings['flux']>(DELIVERY_DEFAULTS.flux, spec.flux);

  check(/^(https:\/\/|ssh:\/\/|git@)\S+$/.test(repository.url), 'delivery.repository.url', repository.url, 'must be an https://, ssh:// or git@ URL of a Git repository');
  check(repository.branch.length > 0 && !/\s/.test(repository.branch), 'delivery.repository.branch', repository.branch, 'must be a branch name without spaces');
  check(DIST_PATH.test(repository.distPath) && !repository.distPath.split('/').includes('..'), 'delivery.repository.distPath', repository.distPath,
    'must be a relative folder such as "dist", without a leading "./", a trailing "/" or ".."');

  checkDnsLabel('delivery.argoCd.namespace', argoCd.namespace);
  check(Number.isInteger(argoCd.retryLimit) && argoCd.retryLimit >= 1, 'delivery.argoCd.retryLimit', argoCd.retryLimit, 'must be a whole number >= 1');
  checkDuration('delivery.argoCd.retryBackoff', argoCd.retryBackoff);
  check(Number.isInteger(argoCd.retryBackoffFactor) && argoCd.retryBackoffFactor >= 1, 'delivery.argoCd.retryBackoffFactor', argoCd.retryBackoffFactor,
    'must be a whole number >= 1 (Argo CD reads it as an integer)');
  checkDuration('delivery.argoCd.retryBackoffMax', argoCd.retryBackoffMax);

  checkDnsLabel('delivery.flux.namespace', flux.namespace);
  checkDnsSubdomain('delivery.flux.sourceName', flux.sourceName);
  if (flux.credentialsSecret !== undefined) checkDnsSubdomain('delivery.flux.credentialsSecret', flux.credentialsSecret);
  for (const field of ['sourceInterval', 'interval', 'retryInterval', 'foundationTimeout', 'workloadsTimeout'] as const) {
    checkDuration(`delivery.flux.${field}`, flux[field]);
  }
  return { repository, argoCd, flux };
}
