import { CapacityLedger, CapacityLine, clusterTotals, environmentTotals, Footprint, HOURS_PER_MONTH, ledgerTotal, PriceTable, roundFigure } from './capacity-ledger';

/** "0.4", "2", "1.25": up to three decimals, no trailing zeros. */
export function formatAmount(value: number): string {
  return String(roundFigure(value));
}

const currencySymbol = (currency: string) => (currency === 'USD' ? '$' : `${currency} `);

export function formatMoney(value: number, currency: string): string {
  const sign = value < 0 ? '−' : '';
  return `${sign}${currencySymbol(currency)}${Math.abs(value).toFixed(2)}`;
}

const range = (min: number, max: number, format: (v: number) => string) =>
  (roundFigure(min) === roundFigure(max) ? format(min) : `${format(min)}–${format(max)}`);

/** The one line naming where the prices come from, under every table that uses them. */
export function renderPriceSource(prices: PriceTable): string {
  const unit = (price: number) => `${currencySymbol(prices.currency)}${price}`;
  return `Priced at ${prices.description}: ${unit(prices.perVcpuHour)} per vCPU-hour and ${unit(prices.perGibHour)} per GiB-hour (recorded ${prices.recordedOn}, ${prices.sourceUrl}), `
    + `${HOURS_PER_MONTH} hours a month; requests only, as if every pod ran all month.${prices.caveat ? ` ${prices.caveat}` : ''}`;
}

/** Docs section: per cluster and service, cores, GiB and monthly cost at min and max replicas; totals per cluster, then per environment. */
export function renderCapacityLedger(ledger: CapacityLedger, heading = '## Capacity and cost'): string {
  const money = (v: number) => formatMoney(v, ledger.prices.currency);
  const lines = [
    heading,
    '',
    '| environment / cluster | service | requests per pod | replicas | CPU cores | memory GiB | cost a month |',
    '|---|---|---|---:|---:|---:|---:|',
    ...ledger.lines.map((line) => `| ${line.environment} / ${line.cluster} | ${line.service} | ${formatAmount(line.cpuRequestCores)} CPU / `
      + `${formatAmount(line.memoryRequestGib)} GiB | ${range(line.minReplicas, line.maxReplicas, String)} | `
      + `${range(line.atMin.cpuCores, line.atMax.cpuCores, formatAmount)} | ${range(line.atMin.memoryGib, line.atMax.memoryGib, formatAmount)} | `
      + `${range(line.atMin.monthlyCost, line.atMax.monthlyCost, money)} |`),
    ...[...clusterTotals(ledger), ...environmentTotals(ledger)].map((total) => `| **${total.environment}${total.cluster ? ` / ${total.cluster}` : ''} total** | | | | ${range(total.atMin.cpuCores, total.atMax.cpuCores, formatAmount)} | `
      + `${range(total.atMin.memoryGib, total.atMax.memoryGib, formatAmount)} | ${range(total.atMin.monthlyCost, total.atMax.monthlyCost, money)} |`),
    '',
    renderPriceSource(ledger.prices),
  ];
  return `${lines.join('\n')}\n`;
}

function signed(value: number, format: (v: number) => string): string {
  const rounded = roundFigure(value, 2);
  if (rounded === 0) return '±0';
  return rounded > 0 ? `+${format(value)}` : `−${format(-value)}`;
}

const key = (line: CapacityLine) => `${line.environment}/${line.cluster}/${line.service}`;

function describe(line: CapacityLine | undefined): string {
  if (!line) return '(none)';
  return `${formatAmount(line.cpuRequestCores)} CPU / ${formatAmount(line.memoryRequestGib)} GiB × ${range(line.minReplicas, line.maxReplicas, String)}`;
}

function changed(before: CapacityLine | undefined, after: CapacityLine | undefined): boolean {
  return describe(before) !== describe(after);
}

/**
 * Pull-request section: the services whose requests or bounds changed between two
 * ledgers, with the change in cores, GiB and monthly cost at max replicas, and the
 * change of the whole bill at min and max. Both ledgers must use the same prices.
 */
export function renderCapacityDelta(base: CapacityLedger, head: CapacityLedger, heading = '### Capacity and cost'): string {
  const money = (v: number) => formatMoney(v, head.prices.currency);
  const before = new Map(base.lines.map((line) => [key(line), line]));
  const after = new Map(head.lines.map((line) => [key(line), line]));
  const keys = [...new Set([...after.keys(), ...before.keys()])].filter((k) => changed(before.get(k), after.get(k)));
  const none: Footprint = { cpuCores: 0, memoryGib: 0, monthlyCost: 0 };
  const [baseTotal, headTotal] = [ledgerTotal(base), ledgerTotal(head)];
  const lines = [heading, ''];
  lines.push(`Monthly cost ${range(headTotal.atMin.monthlyCost, headTotal.atMax.monthlyCost, money)} (min–max replicas), `
    + `${signed(headTotal.atMin.monthlyCost - baseTotal.atMin.monthlyCost, money)} at min and `
    + `${signed(headTotal.atMax.monthlyCost - baseTotal.atMax.monthlyCost, money)} at max against the base branch.`, '');
  if (keys.length === 0) {
    lines.push('No service changes its requests or replica bounds.');
  } else {
    lines.push('| service | before | after | Δ cores at max | Δ GiB at max | Δ cost a month at max |', '|---|---|---|---:|---:|---:|');
    for (const k of keys) {
      const [b, a] = [before.get(k), after.get(k)];
      const [bMax, aMax] = [b?.atMax ?? none, a?.atMax ?? none];
      lines.push(`| ${k} | ${describe(b)} | ${describe(a)} | ${signed(aMax.cpuCores - bMax.cpuCores, formatAmount)} | `
        + `${signed(aMax.memoryGib - bMax.memoryGib, formatAmount)} | ${signed(aMax.monthlyCost - bMax.monthlyCost, money)} |`);
    }
  }
  lines.push('', renderPriceSource(head.prices));
  return `${lines.join('\n')}\n`;
}
