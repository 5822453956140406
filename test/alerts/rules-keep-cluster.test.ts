import { CLUSTER_LABEL } from '../../lib/monitoring/promql';
import { loadPromqlParser, type PromqlParser } from '../../lib/validation/promql-syntax';
import { synthesizedMainPlan } from '../support/deployments';

/**
 * The same rules run in each cluster's Prometheus and in a global ruler that sees every
 * cluster's series at once: there, an aggregation or a join that drops `cluster` would add
 * up or match series of different clusters. Checked on every rule synth renders from
 * main.ts's plan (every service in every environment, and every environment's own rules).
 */

/** Aggregations that keep each input series' labels whatever their grouping says. */
const SELECTING_AGGREGATIONS = new Set(['Topk', 'Bottomk', 'Limitk', 'LimitRatio']);
/** Functions that write a label: writing `cluster` would merge or mislabel clusters. */
const LABEL_WRITERS = new Set(['label_replace', 'label_join']);

/** What drops `cluster` in an expression, one line per clause (empty when nothing does). */
function clusterDroppers(parser: PromqlParser, expr: string): string[] {
  const problems: string[] = [];
  const text = (from: number, to: number) => expr.slice(from, to);
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name === 'AggregateExpr') {
        const op = node.node.getChild('AggregateOp')?.firstChild?.name ?? '';
        if (SELECTING_AGGREGATIONS.has(op)) return;
        const modifier = node.node.getChild('AggregateModifier');
        const labels = labelNames(modifier, text);
        const dropped = !modifier ? true : modifier.getChild('Without') ? labels.includes(CLUSTER_LABEL) : !labels.includes(CLUSTER_LABEL);
        if (dropped) problems.push(`aggregation drops ${CLUSTER_LABEL}: ${text(node.from, node.to).split('\n')[0]}`);
      }
      if (node.name === 'MatchingModifierClause') {
        const ignoring = node.node.getChild('Ignoring') !== null;
        const labels = labelNames(node.node, text);
        if (ignoring ? labels.includes(CLUSTER_LABEL) : !labels.includes(CLUSTER_LABEL)) {
          problems.push(`vector matching drops ${CLUSTER_LABEL}: ${text(node.from, node.to)}`);
        }
      }
      if (node.name === 'FunctionCall') {
        const name = text(node.from, node.to).match(/^\w+/)?.[0] ?? '';
        const target = node.node.getChild('FunctionCallBody')?.getChildren('StringLiteral')[0];
        if (LABEL_WRITERS.has(name) && target && JSON.parse(text(target.from, target.to)) === CLUSTER_LABEL) {
          problems.push(`${name} writes ${CLUSTER_LABEL}: ${text(node.from, node.to).split('\n')[0]}`);
        }
      }
    },
  });
  return problems;
}

/** The label names of a clause's first `(…)` list (an `on`/`ignoring` list, not group_left's). */
function labelNames(clause: { getChild(name: string): { getChildren(name: string): { from: number; to: number }[] } | null } | null,
  text: (from: number, to: number) => string): string[] {
  const grouping = clause?.getChild('GroupingLabels');
  return grouping ? grouping.getChildren('LabelName').map(({ from, to }) => text(from, to)) : [];
}

interface RenderedRule { readonly where: string; readonly expr: string }

/* eslint-disable @typescript-eslint/no-explicit-any -- reading synthesized PrometheusRule objects */
const rules: RenderedRule[] = synthesizedMainPlan().flatMap((chart) => chart.objects
  .filter((object) => object.kind === 'PrometheusRule')
  .flatMap((object: any) => (object.spec.groups as any[]).flatMap((group) => (group.rules as any[]).map((rule): RenderedRule => ({
    where: `${chart.plan.file} ${group.name} ${rule.alert ?? rule.record}`,
    expr: String(rule.expr),
  })))));
/* eslint-enable @typescript-eslint/no-explicit-any */

let parser: PromqlParser;
beforeAll(async () => { parser = await loadPromqlParser(); });

describe('rules keep the cluster label', () => {
  it('reads rules of every environment and every service chart of the plan', () => {
    const files = new Set(rules.map(({ where }) => where.split(' ')[0]));
    const charts = synthesizedMainPlan().filter((chart) => chart.objects.some((object) => object.kind === 'PrometheusRule'));
    expect([...files].sort()).toEqual(charts.map((chart) => chart.plan.file).sort());
    expect(charts.filter((chart) => chart.plan.deployment).length).toBeGreaterThan(0);
    expect(rules.length).toBeGreaterThan(100);
  });

  it('no aggregation, join or label rewrite of any rendered rule drops cluster', () => {
    const problems = rules.flatMap(({ where, expr }) => clusterDroppers(parser, expr).map((problem) => `${where}: ${problem}`));
    expect(problems).toEqual([]);
  });

  it('aggregates and joins by cluster at least once in every service chart', () => {
    const byFile = new Map<string, string[]>();
    for (const { where, expr } of rules) byFile.set(where.split(' ')[0], [...byFile.get(where.split(' ')[0]) ?? [], expr]);
    for (const [file, exprs] of byFile) {
      if (file.endsWith('01-alert-routing.k8s.yaml')) continue;
      expect({ file, by: exprs.some((expr) => /by \(cluster, /.test(expr)), on: exprs.some((expr) => /on \(cluster, /.test(expr)) })
        .toEqual({ file, by: true, on: true });
    }
  });
});

describe('the cluster check itself', () => {
  it.each([
    ['sum(rate(x[5m]))', 'aggregation drops cluster'],
    ['sum by (namespace) (x)', 'aggregation drops cluster'],
    ['max without (cluster) (x)', 'aggregation drops cluster'],
    ['count(x) by (job)', 'aggregation drops cluster'],
    ['x and on (namespace, job) y', 'vector matching drops cluster'],
    ['x / on () group_left (cluster) y', 'vector matching drops cluster'],
    ['x unless ignoring (cluster) y', 'vector matching drops cluster'],
    ['label_replace(x, "cluster", "", "", "")', 'label_replace writes cluster'],
  ])('flags %s', (expr, problem) => {
    expect(clusterDroppers(parser, expr)).toEqual([expect.stringContaining(problem)]);
  });

  it.each([
    'sum by (cluster, namespace) (x)',
    'sum(x) by (cluster)',
    'max without (pod) (x)',
    'topk(3, x)',
    'x and on (cluster, job) y',
    'x / ignoring (le) group_left y',
    'x or y',
    'absent(x) and on (cluster) absent(y)',
    'label_replace(vector(time()), "secret", "A", "", "")',
  ])('accepts %s', (expr) => {
    expect(clusterDroppers(parser, expr)).toEqual([]);
  });
});
