import type { ResolvedDeployment } from '../plan/resolved-deployment';
import type { CapacityQuota } from '../specs/environment-spec';
import { check, SpecError } from '../validation/errors';

/**
 * A dated list price per vCPU-hour and GiB-hour. The data lives outside lib/ (the
 * integrator passes it in) so a price update is a one-file, reviewable change.
 */
export interface PriceTable {
  /** What the price is, e.g. "AWS Fargate on-demand, Linux/x86". */
  readonly description: string;
  /** Where it was read. */
  readonly sourceUrl: string;
  /** ISO date the figures were recorded. */
  readonly recordedOn: string;
  /** ISO 4217 code of the figures. */
  readonly currency: string;
  readonly perVcpuHour: number;
  readonly perGibHour: number;
  /** Anything a reader should know before trusting the figure. @default none */
  readonly caveat?: string;
}

/** Hours in the month the ledger prices: 365 × 24 / 12. */
export const HOURS_PER_MONTH = 730;

/** One service in one cluster of an environment: what a pod requests and how many pods may run. */
export interface CapacityInput {
  readonly environment: string;
  readonly cluster: string;
  readonly service: string;
  /** Summed over the pod's containers. */
  readonly cpuRequestCores: number;
  readonly memoryRequestGib: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

/** Requested cores and GiB at a replica count, and what they cost a month. */
export interface Footprint {
  readonly cpuCores: number;
  readonly memoryGib: number;
  readonly monthlyCost: number;
}

export interface CapacityLine extends CapacityInput {
  readonly atMin: Footprint;
  readonly atMax: Footprint;
}

export interface CapacityLedger {
  readonly prices: PriceTable;
  readonly lines: readonly CapacityLine[];
}

/** A sum over services, of one cluster (`cluster` set) or of every cluster of an environment. */
export interface EnvironmentTotal {
  readonly environment: string;
  readonly cluster?: string;
  readonly atMin: Footprint;
  readonly atMax: Footprint;
}

/** The resources a namespace may request at most (a ResourceQuota's requests.cpu / requests.memory). */

function footprint(cores: number, gib: number, prices: PriceTable): Footprint {
  return { cpuCores: cores, memoryGib: gib, monthlyCost: HOURS_PER_MONTH * (cores * prices.perVcpuHour + gib * prices.perGibHour) };
}

/** Requests × min and max replicas, priced; lines keep the order given. */
export function buildCapacityLedger(inputs: readonly CapacityInput[], prices: PriceTable): CapacityLedger {
  check(prices.perVcpuHour >= 0 && prices.perGibHour >= 0, 'prices', { perVcpuHour: prices.perVcpuHour, perGibHour: prices.perGibHour }, 'must not be negative');
  const lines = inputs.map((input) => {
    const field = `capacity.${input.environment}.${input.cluster}.${input.service}`;
    check(input.cpuRequestCores >= 0, `${field}.cpuRequestCores`, input.cpuRequestCores, 'must be >= 0');
    check(input.memoryRequestGib >= 0, `${field}.memoryRequestGib`, input.memoryRequestGib, 'must be >= 0');
    check(Number.isInteger(input.minReplicas) && input.minReplicas >= 0, `${field}.minReplicas`, input.minReplicas, 'must be an integer >= 0');
    check(Number.isInteger(input.maxReplicas) && input.maxReplicas >= input.minReplicas, `${field}.maxReplicas`, input.maxReplicas,
      `must be an integer >= minReplicas (${input.minReplicas})`);
    return {
      ...input,
      atMin: footprint(input.cpuRequestCores * input.minReplicas, input.memoryRequestGib * input.minReplicas, prices),
      atMax: footprint(input.cpuRequestCores * input.maxReplicas, input.memoryRequestGib * input.maxReplicas, prices),
    };
  });
  return { prices, lines };
}

const add = (a: Footprint, b: Footprint): Footprint => ({
  cpuCores: a.cpuCores + b.cpuCores, memoryGib: a.memoryGib + b.memoryGib, monthlyCost: a.monthlyCost + b.monthlyCost,
});
const ZERO: Footprint = { cpuCores: 0, memoryGib: 0, monthlyCost: 0 };

/** Sums per environment (every cluster of it), in the order environments first appear. */
export function environmentTotals(ledger: CapacityLedger): EnvironmentTotal[] {
  const environments = [...new Set(ledger.lines.map((line) => line.environment))];
  return environments.map((environment) => sumOf(ledger.lines.filter((line) => line.environment === environment), { environment }));
}

/** Sums per cluster of each environment, where a namespace quota applies, in the order clusters first appear. */
export function clusterTotals(ledger: CapacityLedger): EnvironmentTotal[] {
  const places = [...new Map(ledger.lines.map((line) => [`${line.environment}/${line.cluster}`, line])).values()];
  return places.map(({ environment, cluster }) =>
    sumOf(ledger.lines.filter((line) => line.environment === environment && line.cluster === cluster), { environment, cluster }));
}

function sumOf(lines: readonly CapacityLine[], place: { environment: string; cluster?: string }): EnvironmentTotal {
  return { ...place, atMin: lines.map((l) => l.atMin).reduce(add, ZERO), atMax: lines.map((l) => l.atMax).reduce(add, ZERO) };
}

/** The ledger's grand total. */
export function ledgerTotal(ledger: CapacityLedger): { atMin: Footprint; atMax: Footprint } {
  const totals = environmentTotals(ledger);
  return { atMin: totals.map((t) => t.atMin).reduce(add, ZERO), atMax: totals.map((t) => t.atMax).reduce(add, ZERO) };
}

/** Rounds away float noise (0.1 × 3) before comparing or printing. */
export function roundFigure(value: number, decimals = 3): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * Every cluster of an environment with a quota (its namespace's ResourceQuota) must fit it
 * with all services at maxReplicas; throws a SpecError naming the environment, cluster,
 * figure, quota and rule.
 */
export function checkCapacityQuota(ledger: CapacityLedger, quotas: Readonly<Record<string, CapacityQuota>>): void {
  for (const total of clusterTotals(ledger)) {
    const quota = quotas[total.environment];
    if (!quota) continue;
    const rule = 'summed over services as requests × maxReplicas';
    const cores = roundFigure(total.atMax.cpuCores);
    const gib = roundFigure(total.atMax.memoryGib);
    if (cores > quota.cpuCores) {
      throw new SpecError(`capacity.${total.environment}.${total.cluster}.cpuCoresAtMaxReplicas`, cores,
        `must be <= the ${total.environment} quota of ${quota.cpuCores} cores per cluster (${rule})`);
    }
    if (gib > quota.memoryGib) {
      throw new SpecError(`capacity.${total.environment}.${total.cluster}.memoryGibAtMaxReplicas`, gib,
        `must be <= the ${total.environment} quota of ${quota.memoryGib} GiB per cluster (${rule})`);
    }
  }
}

/** A deployment's requests (normalised to `…m` and `…Mi` when resolved) and replica bounds. */
export function capacityInputOf(deployment: ResolvedDeployment): CapacityInput {
  const { requests } = deployment.workload.resources;
  return {
    environment: deployment.environment.name,
    cluster: deployment.environment.cluster.name,
    service: deployment.service.name,
    cpuRequestCores: Number.parseInt(requests.cpu, 10) / 1000,
    memoryRequestGib: Number.parseInt(requests.memory, 10) / 1024,
    minReplicas: deployment.workload.autoscaling.minReplicas,
    maxReplicas: deployment.workload.autoscaling.maxReplicas,
  };
}

/** For checks that count cores and GiB only (quotas): every price zero. */
export const UNPRICED: PriceTable = {
  description: 'unpriced', sourceUrl: 'none', recordedOn: '1970-01-01', currency: 'USD', perVcpuHour: 0, perGibHour: 0,
};
