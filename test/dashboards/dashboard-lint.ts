import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';
import { PROMETHEUS_DATASOURCE, RATE_INTERVAL } from '../../lib/grafana/dashboard-queries';
import { MAX_DASHBOARD_UID_LENGTH } from '../../lib/grafana/service-dashboard';
import { histogramSeries, MetricCatalog } from '../../lib/monitoring/metric-catalog';
import { loadPromqlParser, PromqlParser } from '../../lib/validation/promql-syntax';

/**
 * The house rules every dashboard follows, as functions that return one message per
 * violation (empty when clean). The lint test runs them over every dashboard of every
 * service; the self-test feeds them broken dashboards to prove they can fail.
 */


/** A duration no dashboard would type, standing in for `$__rate_interval` so ranges can be traced after parsing. */
const RATE_INTERVAL_SENTINEL = '7m13s';
/** Grafana's built-in variables and what stands in for them when parsing. */
const BUILTIN_SUBSTITUTES: Readonly<Record<string, string>> = {
  __rate_interval: RATE_INTERVAL_SENTINEL,
  __interval: '1m',
  __range: '1h',
};
/** Functions a counter may sit in: the ones that handle counter resets. */
const COUNTER_FUNCTIONS = new Set(['rate', 'increase']);

/** Whether a series only ever goes up (counters, histogram buckets, sums and counts) or not. */
export type SeriesKind = 'counter' | 'gauge';

/** What the lint knows of a series a catalog declares. */
export interface KnownSeries {
  readonly kind: SeriesKind;
  /** The label that must equal `$job` to select the service's own series (see WORKLOAD_LABELS). */
  readonly workloadLabel: string;
}

/**
 * Labels that carry the service's name, first match wins: the scrape target's `job`
 * where the catalog declares it (`up`), the Kubernetes object kube-state-metrics and
 * cAdvisor report on (Deployment, HPA and container are all named after the service),
 * the `service` of the recorded SLO series. A series declaring none of them is the
 * service's own, whose `job` comes from the scrape target.
 */
const WORKLOAD_LABELS = ['job', 'deployment', 'horizontalpodautoscaler', 'poddisruptionbudget', 'container', 'service', 'pod', 'name'] as const;

/** The series the catalogs declare, each with its kind and workload label; histograms contribute their three series. */
export function catalogSeries(...catalogs: readonly MetricCatalog[]): Map<string, KnownSeries> {
  const series = new Map<string, KnownSeries>();
  for (const metric of catalogs.flatMap((catalog) => Object.values(catalog))) {
    const workloadLabel = WORKLOAD_LABELS.find((label) => (metric.labels as readonly string[]).includes(label)) ?? 'job';
    if (metric.type === 'histogram') {
      for (const name of Object.values(histogramSeries(metric))) series.set(name, { kind: 'counter', workloadLabel });
    } else {
      series.set(metric.name, { kind: metric.type, workloadLabel });
    }
  }
  return series;
}

export interface PanelQuery {
  readonly panel: string;
  readonly refId: string;
  readonly expr: string;
}

/** Every panel, rows' nested panels included, rows themselves excluded. */
export function allPanels(dashboard: Dashboard): Panel[] {
  return (dashboard.panels ?? []).flatMap((panel) =>
    panel.type === 'row' ? (panel as RowPanel).panels : [panel as Panel]);
}

export function allQueries(dashboard: Dashboard): PanelQuery[] {
  return allPanels(dashboard).flatMap((panel) => (panel.targets ?? []).map((target) => {
    const { refId, expr } = target as { refId?: string; expr?: string };
    return { panel: panel.title ?? '<untitled>', refId: refId ?? '?', expr: expr ?? '' };
  }));
}

export function variableNames(dashboard: Dashboard): string[] {
  return (dashboard.templating.list ?? []).map((variable) => variable.name);
}

/** uid, title, tags, read-only, and the datasource/cluster/namespace/job variables. */
export function lintDashboardSettings(dashboard: Dashboard): string[] {
  const problems: string[] = [];
  const uid = dashboard.uid ?? '';
  if (!/^[a-z0-9-]+$/.test(uid) || uid.length > MAX_DASHBOARD_UID_LENGTH) {
    problems.push(`uid ${JSON.stringify(uid)} must be 1-${MAX_DASHBOARD_UID_LENGTH} lowercase letters, digits or dashes`);
  }
  if (!dashboard.title?.trim()) problems.push('has no title');
  if (!dashboard.description?.trim()) problems.push('has no description');
  if ((dashboard.tags ?? []).length === 0) problems.push('has no tags');
  if (dashboard.editable !== false) problems.push(`editable is ${dashboard.editable}, must be false`);
  const variables = dashboard.templating.list ?? [];
  const datasource = variables.find((variable) => variable.name === 'datasource');
  if (datasource?.type !== 'datasource' || datasource.query !== 'prometheus') {
    problems.push('needs a `datasource` variable of type datasource querying prometheus');
  }
  for (const name of ['cluster', 'namespace', 'job']) {
    const variable = variables.find((candidate) => candidate.name === name);
    if (variable?.type !== 'query' || !sameDatasource(variable.datasource)) {
      problems.push(`needs a \`${name}\` query variable on \${datasource}`);
    }
  }
  // "All" must also match series without the label: a Prometheus without the `cluster` external label.
  const cluster = variables.find((candidate) => candidate.name === 'cluster');
  if (cluster && (cluster.includeAll !== true || cluster.allValue !== '.*')) {
    problems.push('needs an "All" option on the `cluster` variable whose value is `.*`');
  }
  return problems;
}

/** Title, description, unit and data source on every panel; every query on `${datasource}`. */
export function lintPanels(dashboard: Dashboard): string[] {
  const problems: string[] = [];
  allPanels(dashboard).forEach((panel, index) => {
    const name = `panel ${panel.id ?? index} (${panel.title ?? 'untitled'})`;
    if (!panel.title?.trim()) problems.push(`${name} has no title`);
    if (!panel.description?.trim()) problems.push(`${name} has no description`);
    if (!panel.fieldConfig?.defaults.unit?.trim()) problems.push(`${name} has no unit`);
    if (!sameDatasource(panel.datasource)) problems.push(`${name} does not use the \${datasource} variable`);
    const targets = panel.targets ?? [];
    if (targets.length === 0) problems.push(`${name} has no query`);
    targets.forEach((target, targetIndex) => {
      if (!sameDatasource((target as { datasource?: Panel['datasource'] }).datasource)) {
        problems.push(`${name} query ${targetIndex} does not use the \${datasource} variable`);
      }
    });
    const { x = 0, w = 0 } = panel.gridPos ?? {};
    if (x + w > 24) problems.push(`${name} overflows the 24-column grid (x ${x} + w ${w})`);
  });
  return problems;
}

/**
 * Each query: references only defined variables, parses as PromQL once variables are
 * substituted, scopes every series it reads to `cluster=~"$cluster"`, `namespace="$namespace"` and to `$job`
 * on the series' workload label, ranges only over `$__rate_interval`, reads counters
 * (`_total` counters and histogram series) only through rate/increase, and names only
 * series in `knownSeries`.
 */
export async function lintQueries(dashboard: Dashboard, knownSeries: ReadonlyMap<string, KnownSeries>): Promise<string[]> {
  const parser = await loadPromqlParser();
  const defined = new Set(variableNames(dashboard));
  const problems: string[] = [];
  for (const { panel, refId, expr } of allQueries(dashboard)) {
    const where = `${panel} [${refId}]`;
    const { text, unknown } = substituteVariables(expr, defined);
    for (const name of unknown) problems.push(`${where} uses undefined variable $${name}`);
    problems.push(...promqlProblems(parser, text, knownSeries).map((problem) => `${where} ${problem}: ${expr}`));
  }
  return problems;
}

/** What stands in for a dashboard variable after substitution: a label value naming the variable. */
export function variablePlaceholder(name: string): string {
  return `grafana-variable-${name}`;
}

/** Replaces Grafana variables with values that keep the query's PromQL shape. */
export function substituteVariables(expr: string, defined: ReadonlySet<string>): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const text = expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (_match, braced?: string, bare?: string) => {
    const name = (braced ?? bare) as string;
    if (BUILTIN_SUBSTITUTES[name]) return BUILTIN_SUBSTITUTES[name];
    if (!defined.has(name)) unknown.push(name);
    return variablePlaceholder(name);
  });
  return { text, unknown };
}

function promqlProblems(parser: PromqlParser, text: string, knownSeries: ReadonlyMap<string, KnownSeries>): string[] {
  const problems: string[] = [];
  const tree = parser.parse(text);
  let selectors = 0;
  tree.iterate({
    enter: (node) => {
      const source = text.slice(node.from, node.to);
      if (node.type.isError) problems.push(`does not parse as PromQL (at ${node.from})`);
      if (node.name === 'SubqueryExpr') problems.push(`uses a subquery (${source})`);
      if (node.name === 'MatrixSelector') {
        const range = node.node.getChild('DurationExpr');
        const duration = range ? text.slice(range.from, range.to) : '';
        if (duration !== RATE_INTERVAL_SENTINEL) problems.push(`ranges over [${duration}] instead of [${RATE_INTERVAL}]`);
      }
      if (node.name === 'VectorSelector') {
        selectors++;
        const identifier = node.node.getChild('Identifier');
        const metric = identifier ? text.slice(identifier.from, identifier.to) : '';
        const known = knownSeries.get(metric);
        if (metric && !known) problems.push(`reads ${metric}, which no metric catalog lists`);
        problems.push(...scopeProblems(node.node, text, metric, known?.workloadLabel ?? 'job'));
        // A `_total` name is a counter unless a catalog declares it a gauge (the backend's pool size is one).
        const counter = known ? known.kind === 'counter' : metric.endsWith('_total');
        if (counter && !insideCounterFunction(node.node, text)) {
          problems.push(`reads counter ${metric} outside rate() or increase()`);
        }
      }
    },
  });
  if (selectors === 0) problems.push('reads no series');
  return problems;
}

type SyntaxNode = ReturnType<ReturnType<PromqlParser['parse']>['topNode']['getChild']> & object;

/** VectorSelector → MatrixSelector → FunctionCallBody → FunctionCall(rate|increase). */
function insideCounterFunction(selector: SyntaxNode, text: string): boolean {
  const matrix = selector.parent;
  const call = matrix?.name === 'MatrixSelector' ? matrix.parent?.parent : undefined;
  if (call?.name !== 'FunctionCall') return false;
  const identifier = call.getChild('FunctionIdentifier');
  return identifier !== null && COUNTER_FUNCTIONS.has(text.slice(identifier.from, identifier.to));
}

/**
 * A selector must match `cluster=~"$cluster"` (a regex: several clusters, or all), and
 * `namespace="$namespace"` (or, for a controller's series whose
 * ServiceMonitor does not honor labels, `exported_namespace="$namespace"`) and its
 * workload label to `$job`: exactly, or as a prefix of a name derived from it
 * (`pod=~"$job-…"`, `name="$job-tls"`).
 */
function scopeProblems(selector: SyntaxNode, text: string, metric: string, workloadLabel: string): string[] {
  const matchers: { name: string; op: string; value: string }[] = [];
  for (const matcher of selector.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
    const [name, op, value] = ['LabelName', 'MatchOp', 'StringLiteral'].map((part) => {
      const child = matcher.getChild(part);
      return child ? text.slice(child.from, child.to) : '';
    });
    matchers.push({ name, op, value });
  }
  const namespace = JSON.stringify(variablePlaceholder('namespace'));
  const job = JSON.stringify(variablePlaceholder('job'));
  const problems: string[] = [];
  const cluster = JSON.stringify(variablePlaceholder('cluster'));
  if (!matchers.some(({ name, op, value }) => name === 'cluster' && op === '=~' && value === cluster)) {
    problems.push(`reads ${metric || 'a series'} without cluster=~"$cluster"`);
  }
  if (!matchers.some(({ name, op, value }) => op === '=' && value === namespace && (name === 'namespace' || name === 'exported_namespace'))) {
    problems.push(`reads ${metric || 'a series'} without namespace="$namespace"`);
  }
  const scoped = matchers.some(({ name, op, value }) => name === workloadLabel
    && (value === job || ((op === '=' || op === '=~') && value.startsWith(job.slice(0, -1)))));
  if (!scoped) problems.push(`reads ${metric || 'a series'} without ${workloadLabel}="$job"`);
  return problems;
}

function sameDatasource(ref: { type?: string; uid?: string } | undefined): boolean {
  return ref?.type === PROMETHEUS_DATASOURCE.type && ref?.uid === PROMETHEUS_DATASOURCE.uid;
}
