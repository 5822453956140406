import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { ResourceRequirements } from '../specs/shapes';
import { check } from '../validation/errors';
import { checkRequestWithinLimit, parseQuantity } from '../validation/quantity';



/** The backend's sizing, from the platform's operations documents. */
export const DEFAULT_RESOURCES: ResourceRequirements = {
  requests: { cpu: '200m', memory: '256Mi' },
  limits: { cpu: '500m', memory: '512Mi' },
};

export function checkResources(resources: ResourceRequirements): void {
  checkRequestWithinLimit('cpu', resources.requests.cpu, resources.limits.cpu);
  checkRequestWithinLimit('memory', resources.requests.memory, resources.limits.memory);
}

/** cdk8s-plus renders CPU in millicores ("200m"). */
export function toCpu(field: string, quantity: string): kplus.Cpu {
  const millicores = parseQuantity(field, quantity) * 1000;
  check(Number.isInteger(Math.round(millicores * 1e6) / 1e6), field, quantity, 'must be a whole number of millicores');
  return kplus.Cpu.millis(Math.round(millicores));
}

/** cdk8s-plus renders memory in mebibytes ("256Mi"). */
export function toMemory(field: string, quantity: string): Size {
  const mebibytes = parseQuantity(field, quantity) / 2 ** 20;
  check(Number.isInteger(mebibytes), field, quantity, 'must be a whole number of mebibytes (e.g. "256Mi", "1Gi")');
  return Size.mebibytes(mebibytes);
}

/** Requests and limits as the API server prints them (`200m`, `256Mi`), so `0.2` and `200m` resolve alike. */
export function normaliseResources(resources: ResourceRequirements): ResourceRequirements {
  const quantities = (kind: 'requests' | 'limits') => ({
    cpu: toCpu(`resources.${kind}.cpu`, resources[kind].cpu).amount,
    memory: `${toMemory(`resources.${kind}.memory`, resources[kind].memory).toMebibytes()}Mi`,
  });
  return { requests: quantities('requests'), limits: quantities('limits') };
}
