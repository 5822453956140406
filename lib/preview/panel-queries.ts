import { CLUSTER_LABEL } from '../monitoring/promql';
import { ASSUMED_SCRAPE_INTERVAL_SECONDS } from './incident-scenario';
import { labelValues, queryRange, RangeSeries, RangeWindow } from './prometheus-api';
import { REPLAY_CLUSTER } from './replay-target';

/** The parts of Grafana dashboard JSON the preview reads. */
export interface DashboardJson {
  readonly title: string;
  readonly panels: readonly PanelJson[];
  readonly templating?: { readonly list: readonly TemplateVariableJson[] };
  /** Annotation queries (deploy markers); each marks the times its query returns a value. */
  readonly annotations?: { readonly list: readonly { readonly name?: string; readonly expr?: string; readonly enable?: boolean }[] };
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
  /** A variable to draw the panel once per value of, side by side (Grafana's repeat). */
  readonly repeat?: string;
  readonly maxPerRow?: number;
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
  /** The panel as Grafana draws it: variables in its title replaced, one copy per value of a repeat variable. */
  readonly panel: PanelJson;
  readonly targets: readonly TargetResult[];
  /** Times (Unix seconds) of the dashboard's annotations, e.g. deploys, which Grafana marks on every time panel. @default none */
  readonly markers?: readonly number[];
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
 * replay's cluster (not "All": `.*` would also match series that lost the label), the
 * environment's namespace and the service's job, and every other query variable at
 * its saved value, "All" expanded to the label values Prometheus holds (as Grafana does).
 */
export async function resolveVariables(url: string, dashboard: DashboardJson, context: DashboardQueryContext): Promise<Record<string, string>> {
  return (await resolveVariableValues(url, dashboard, context)).variables;
}

/** resolveVariables, with the values of each multi-value variable as a list too (what a repeat iterates over). */
async function resolveVariableValues(url: string, dashboard: DashboardJson, context: DashboardQueryContext)
  : Promise<{ variables: Record<string, string>; values: Record<string, readonly string[]> }> {
  const values: Record<string, readonly string[]> = {};
  const { step, start, end } = context.window;
  const variables: Record<string, string> = {
    __rate_interval: `${rateIntervalSeconds(step)}s`,
    __interval: `${step}s`,
    __interval_ms: String(step * 1000),
    __range: `${end - start}s`,
    __range_s: String(end - start),
    __range_ms: String((end - start) * 1000),
    [CLUSTER_LABEL]: REPLAY_CLUSTER,
    namespace: context.namespace,
    job: context.job,
  };
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.name in variables || variable.type === 'datasource') continue;
    const current = variable.current?.value;
    const all = current === '$__all' || (Array.isArray(current) && current.includes('$__all'));
    if (!all) {
      variables[variable.name] = Array.isArray(current) ? `(${current.map(regexEscape).join('|')})` : String(current ?? '');
      values[variable.name] = Array.isArray(current) ? current : [String(current ?? '')];
      continue;
    }
    if (variable.allValue) {
      variables[variable.name] = variable.allValue;
      values[variable.name] = ['All'];
      continue;
    }
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query ?? '';
    const match = /^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(interpolate(query.trim(), variables));
    if (!match) throw new Error(`template variable ${variable.name} (${JSON.stringify(query)}) must be label_values(<selector>, <label>) for the preview to resolve "All"`);
    const labels = await labelValues(url, match[2], match[1], context.window);
    variables[variable.name] = `(${labels.map(regexEscape).join('|')})`;
    values[variable.name] = labels;
  }
  return { variables, values };
}

/**
 * The panels as Grafana lays them out: a panel repeated by a variable becomes one copy
 * per value, side by side up to maxPerRow, each with that value alone; every title has
 * its variables replaced by what they show (a regex of several values reads as their list).
 */
export function expandPanels(panels: readonly PanelJson[], variables: Readonly<Record<string, string>>, values: Readonly<Record<string, readonly string[]>>)
  : { panel: PanelJson; variables: Record<string, string> }[] {
  const shown = Object.fromEntries(Object.entries(values).map(([name, list]) => [name, list.join(', ')]));
  return panels.flatMap((panel) => {
    const repeated = panel.repeat ? values[panel.repeat] ?? [] : [];
    if (!panel.repeat || repeated.length === 0) {
      return [{ panel: { ...panel, title: interpolate(panel.title, { ...variables, ...shown }) }, variables: { ...variables } }];
    }
    const perRow = Math.min(panel.maxPerRow ?? repeated.length, repeated.length);
    const width = Math.floor(24 / perRow);
    return repeated.map((value, index) => {
      const own = { ...variables, [panel.repeat as string]: regexEscape(value) };
      const gridPos = { ...panel.gridPos, x: (index % perRow) * width, w: width, y: panel.gridPos.y + Math.floor(index / perRow) * panel.gridPos.h };
      return { panel: { ...panel, gridPos, title: interpolate(panel.title, { ...variables, ...shown, [panel.repeat as string]: value }) }, variables: own };
    });
  });
}

/** The first time of each stretch in which an annotation query returns a value: one marker per event. */
async function annotationTimes(url: string, dashboard: DashboardJson, variables: Readonly<Record<string, string>>, context: DashboardQueryContext)
  : Promise<number[]> {
  const times: number[] = [];
  for (const annotation of dashboard.annotations?.list ?? []) {
    if (!annotation.expr || annotation.enable === false) continue;
    for (const series of await queryRange(url, interpolate(annotation.expr, variables), context.window)) {
      series.points.forEach(([time], index) => {
        if (index === 0 || time - series.points[index - 1][0] > context.window.step) times.push(time);
      });
    }
  }
  return [...new Set(times)].sort((a, b) => a - b);
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
  const { variables: dashboardVariables, values } = await resolveVariableValues(url, dashboard, context);
  const markers = await annotationTimes(url, dashboard, dashboardVariables, context);
  const failures: string[] = [];
  const panels: PanelResult[] = [];
  for (const { panel, variables } of expandPanels(dashboard.panels, dashboardVariables, values)) {
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
    panels.push({ panel, targets, ...(markers.length > 0 ? { markers } : {}) });
  }
  return { panels, failures };
}
