import { ASSUMED_SCRAPE_INTERVAL_SECONDS } from './incident-scenario';
import { labelValues, queryRange, RangeSeries, RangeWindow } from './prometheus-api';

/** The parts of Grafana dashboard JSON the preview reads. */
export interface DashboardJson {
  readonly title: string;
  readonly panels: readonly PanelJson[];
  readonly templating?: { readonly list: readonly TemplateVariableJson[] };
}

export interface PanelJson {
  readonly id?: number;
  readonly type: string;
  readonly title: string;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly fieldConfig?: {
    readonly defaults?: {
      readonly unit?: string;
      readonly min?: number;
      readonly max?: number;
      readonly thresholds?: { readonly mode?: string; readonly steps: readonly { readonly color: string; readonly value: number | null }[] };
      readonly custom?: { readonly thresholdsStyle?: { readonly mode?: string } };
    };
  };
  readonly targets?: readonly { readonly refId: string; readonly expr: string; readonly legendFormat?: string }[];
}

export interface TemplateVariableJson {
  readonly name: string;
  readonly type: string;
  readonly query?: string | { readonly query?: string };
  readonly allValue?: string;
  readonly current?: { readonly value?: string | readonly string[] };
}

/** What Grafana would hand a dashboard of one service in one environment. */
export interface DashboardQueryContext {
  readonly namespace: string;
  readonly job: string;
  readonly window: RangeWindow;
}

export interface TargetResult {
  readonly refId: string;
  readonly expr: string;
  readonly legend: string;
  readonly series: readonly { readonly name: string; readonly points: readonly (readonly [number, number])[] }[];
}

export interface PanelResult {
  readonly panel: PanelJson;
  readonly targets: readonly TargetResult[];
}

/** Grafana's $__rate_interval: max(4 × scrape interval, step + scrape interval). */
export function rateIntervalSeconds(stepSeconds: number): number {
  return Math.max(4 * ASSUMED_SCRAPE_INTERVAL_SECONDS, stepSeconds + ASSUMED_SCRAPE_INTERVAL_SECONDS);
}

/** Replaces `$name`, `${name}` and `[[name]]`, longest names first so `$__range_s` is not read as `$__range`. */
export function interpolate(text: string, variables: Readonly<Record<string, string>>): string {
  let result = text;
  for (const name of Object.keys(variables).sort((a, b) => b.length - a.length)) {
    result = result.split(`\${${name}}`).join(variables[name]).split(`[[${name}]]`).join(variables[name]);
    result = result.replace(new RegExp(`\\$${name}(?![a-zA-Z0-9_])`, 'g'), () => variables[name]);
  }
  return result;
}

/** Grafana's escaping of a value inside a PromQL regex string: the backslash itself is escaped for the string. */
const regexEscape = (value: string) => value.replace(/[\\^$*+?.()|[\]{}]/g, '\\\\$&');

/**
 * The variables a dashboard's queries see: Grafana's built-ins for the window, the
 * environment's namespace and the service's job, and every other query variable at
 * its saved value, "All" expanded to the label values Prometheus holds (as Grafana does).
 */
export async function resolveVariables(url: string, dashboard: DashboardJson, context: DashboardQueryContext): Promise<Record<string, string>> {
  const { step, start, end } = context.window;
  const variables: Record<string, string> = {
    __rate_interval: `${rateIntervalSeconds(step)}s`,
    __interval: `${step}s`,
    __interval_ms: String(step * 1000),
    __range: `${end - start}s`,
    __range_s: String(end - start),
    __range_ms: String((end - start) * 1000),
    namespace: context.namespace,
    job: context.job,
  };
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.name in variables || variable.type === 'datasource') continue;
    const current = variable.current?.value;
    const all = current === '$__all' || (Array.isArray(current) && current.includes('$__all'));
    if (!all) {
      variables[variable.name] = Array.isArray(current) ? `(${current.map(regexEscape).join('|')})` : String(current ?? '');
      continue;
    }
    if (variable.allValue) {
      variables[variable.name] = variable.allValue;
      continue;
    }
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query ?? '';
    const match = /^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(interpolate(query.trim(), variables));
    if (!match) throw new Error(`template variable ${variable.name} (${JSON.stringify(query)}) must be label_values(<selector>, <label>) for the preview to resolve "All"`);
    const values = await labelValues(url, match[2], match[1], context.window);
    variables[variable.name] = `(${values.map(regexEscape).join('|')})`;
  }
  return variables;
}

/** Grafana's legend: `{{label}}` from the series' labels, else the label set. */
function legendOf(legendFormat: string | undefined, labels: Readonly<Record<string, string>>): string {
  if (legendFormat) return legendFormat.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
  const names = Object.keys(labels).sort();
  return names.length === 0 ? '{}' : `{${names.map((name) => `${name}="${labels[name]}"`).join(', ')}}`;
}

const hasData = (series: readonly RangeSeries[]) => series.some(({ points }) => points.some(([, value]) => Number.isFinite(value)));

/**
 * Runs every target of every panel over the window. A target that errors, or returns no
 * finite value, is a failure naming the dashboard, the panel and the query: a reviewer
 * would see "No data" there.
 */
export async function queryDashboard(
  url: string, dashboardName: string, dashboard: DashboardJson, context: DashboardQueryContext,
): Promise<{ panels: PanelResult[]; failures: string[] }> {
  const variables = await resolveVariables(url, dashboard, context);
  const failures: string[] = [];
  const panels: PanelResult[] = [];
  for (const panel of dashboard.panels) {
    const targets: TargetResult[] = [];
    for (const target of panel.targets ?? []) {
      const expr = interpolate(target.expr, variables);
      const where = `${dashboardName} › panel "${panel.title}" › ${target.refId}: ${target.expr}`;
      let series: RangeSeries[] = [];
      try {
        series = await queryRange(url, expr, context.window);
      } catch (error) {
        failures.push(`${where}: query error: ${(error as Error).message}`);
        continue;
      }
      if (!hasData(series)) failures.push(`${where}: returned no data`);
      targets.push({
        refId: target.refId,
        expr,
        legend: target.legendFormat ?? '',
        series: series.map(({ labels, points }) => ({ name: legendOf(target.legendFormat, labels), points })),
      });
    }
    panels.push({ panel, targets });
  }
  return { panels, failures };
}
