import type { PriceTable } from '../lib/review/capacity-ledger';

/**
 * The price the capacity ledger uses. AWS Fargate on-demand is chosen because it bills
 * exactly what a pod requests (vCPU and memory per hour), which is what the ledger counts.
 * The figures are the US East (N. Virginia) Linux/x86 list prices, cross-checked against
 * a third-party breakdown (vantage.sh/blog/fargate-pricing); our clusters run in
 * eu-west-1, whose rate we could not read from here. Treat it as an assumed list price:
 * re-read the AWS page and update `recordedOn` when it matters.
 */
export const FARGATE_LIST_PRICE: PriceTable = {
  description: 'AWS Fargate on-demand list price, Linux/x86 (US East rate, assumed for eu-west-1)',
  sourceUrl: 'https://aws.amazon.com/fargate/pricing/',
  recordedOn: '2026-12-03',
  currency: 'USD',
  perVcpuHour: 0.04048,
  // AWS quotes "per GB"; Fargate memory sizes are binary (512 MiB steps), so the ledger applies it per GiB.
  perGibHour: 0.004445,
  caveat: 'Fargate rounds each pod up to a supported size and adds 256 MiB, so a real bill is higher; '
    + 'EKS control plane, load balancers and data transfer are not included.',
};
