import type { Dashboard, Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { ALERTS } from '../../alerts/registry';
import { buildNamespaceDashboard, NAMESPACE_DASHBOARD_SLUG } from '../../lib/grafana/namespace-dashboard';
import { ALERT_ROUTING_NAME } from '../../lib/monitoring/alert-routing';
import { type AlertRule, type DashboardPanelRef, isAlertRule, type RuleGroup } from '../../lib/monitoring/rule-groups';
import { serviceRuleGroups } from '../../lib/charts/service-chart';
import { loadPromqlParser, type PromqlParser } from '../../lib/validation/promql-syntax';
import { dashboardsFor, testPlan } from '../support/deployments';
import { allPanels, substituteVariables, variableNames } from './dashboard-lint';

/**
 * Every alert's `dashboardPanel` (rendered as its `dashboard_url`) must land on a panel
 * that graphs what the alert reads, and draws the figure it fires at: following the
 * link answers the page's question. Checked on the alerts and dashboards as synth
 * builds them, for every service in every cluster of every environment and each cluster's
 * alert-routing alerts: a cluster's settings (replica bounds, public host) change its alerts.
 */

const plan = testPlan();

/** Alerts whose figure the panel cannot draw, and why; every other alert's panel draws one of its figures. */
const THRESHOLD_NOT_DRAWN: Readonly<Record<string, string>> = {
  MostlyUnavailable: 'its figure is a share of time over a subquery window; the panel shows the available replicas that share averages',
};

const COMPARISONS = new Set(['Gtr', 'Lss', 'Gte', 'Lte', 'Eql', 'Neq']);

interface AlertCase {
  readonly where: string;
  readonly rule: AlertRule;
  /** The recording rules shipped next to it, by name: an alert reading one reads its inputs too. */
  readonly records: ReadonlyMap<string, string>;
  readonly dashboards: readonly { readonly slug: string; readonly dashboard: Dashboard }[];
}

function alertsOf(where: string, groups: readonly RuleGroup[], dashboards: AlertCase['dashboards']): AlertCase[] {
  const rules = groups.flatMap((group) => group.rules);
  const records = new Map(rules.flatMap((rule) => (isAlertRule(rule) ? [] : [[rule.record, rule.expr] as const])));
  return rules.filter(isAlertRule).map((rule) => ({ where, rule, records, dashboards }));
}

const cases: AlertCase[] = [
  ...plan.deployments.flatMap((deployment) => alertsOf(
    `${deployment.environment.cluster.folder} ${deployment.service.name}`, serviceRuleGroups(deployment, ALERTS), dashboardsFor(deployment))),
  ...plan.environments.flatMap((environment) => alertsOf(`${environment.cluster.folder} alert routing`, ALERTS.routing(environment),
    [{ slug: NAMESPACE_DASHBOARD_SLUG, dashboard: buildNamespaceDashboard(environment, ALERT_ROUTING_NAME) }])),
];

/** The panel a ref names, first title that exists (as panel-links.ts resolves it). */
function linkedPanel(ref: DashboardPanelRef, dashboards: AlertCase['dashboards']): { panel: Panel; dashboard: Dashboard } | undefined {
  const dashboard = dashboards.find((candidate) => candidate.slug === ref.dashboard)?.dashboard;
  if (!dashboard) return undefined;
  const titles = typeof ref.panel === 'string' ? [ref.panel] : ref.panel;
  for (const title of titles) {
    const panel = allPanels(dashboard).find((candidate) => candidate.title === title);
    if (panel) return { panel, dashboard };
  }
  return undefined;
}

/** Series (metric names and recording rules) an expression reads, and the figures it compares against (0 is a condition, not a threshold). */
function readsOf(parser: PromqlParser, text: string): { series: Set<string>; figures: number[] } {
  const series = new Set<string>();
  const figures: number[] = [];
  parser.parse(text).iterate({
    enter: (node) => {
      if (node.name === 'VectorSelector') {
        const identifier = node.node.getChild('Identifier');
        if (identifier) series.add(text.slice(identifier.from, identifier.to).replace(/_(bucket|count|sum)$/, ''));
      }
      if (node.name === 'NumberDurationLiteral' && node.node.parent?.name === 'BinaryExpr') {
        const comparison = node.node.parent.getChildren('BinaryExpr').length < 2
          && [...COMPARISONS].some((op) => node.node.parent?.getChild(op));
        const value = Number(text.slice(node.from, node.to));
        if (comparison && value !== 0) figures.push(value);
      }
    },
  });
  return { series, figures };
}

function panelReads(parser: PromqlParser, dashboard: Dashboard, panel: Panel): Set<string> {
  const defined = new Set(variableNames(dashboard));
  const series = new Set<string>();
  for (const target of panel.targets ?? []) {
    const { text } = substituteVariables((target as { expr?: string }).expr ?? '', defined);
    for (const name of readsOf(parser, text).series) series.add(name);
  }
  return series;
}

function suffixOf(rule: AlertRule): string {
  return Object.keys(THRESHOLD_NOT_DRAWN).find((suffix) => rule.alert.endsWith(suffix)) ?? '';
}

describe('every alert lands on a panel that shows its own signal', () => {
  let parser: PromqlParser;
  beforeAll(async () => {
    parser = await loadPromqlParser();
  });

  it('covers every deployment and every cluster\'s alert-routing alerts', () => {
    expect(new Set(cases.map((c) => c.where)).size).toBe(plan.deployments.length + plan.environments.length);
    expect(cases.filter((c) => c.where.endsWith('alert routing')).length).toBeGreaterThanOrEqual(2 * plan.environments.length);
  });

  it.each(cases.map((c) => [`${c.where}: ${c.rule.alert}`, c] as const))('%s', (_name, { rule, records, dashboards }) => {
    expect(rule.dashboardPanel).toBeDefined();
    const linked = linkedPanel(rule.dashboardPanel as DashboardPanelRef, dashboards);
    expect(linked).toBeDefined();
    const { panel, dashboard } = linked as NonNullable<typeof linked>;
    const alert = readsOf(parser, rule.expr);
    for (const name of [...alert.series]) {
      const record = records.get(name);
      if (record) for (const input of readsOf(parser, record).series) alert.series.add(input);
    }
    // Reminders and the heartbeat read only time() or vector(1): no series to share.
    if (alert.series.size === 0) return;
    const shown = panelReads(parser, dashboard, panel);
    expect({ alert: rule.alert, panel: panel.title, shared: [...alert.series].filter((name) => shown.has(name)).length > 0 })
      .toEqual({ alert: rule.alert, panel: panel.title, shared: true });
    // Only `== 1`-style conditions: nothing to draw.
    if (alert.figures.every((figure) => figure === 1) || suffixOf(rule)) return;
    const steps = (panel.fieldConfig?.defaults.thresholds?.steps ?? []).map((step) => step.value);
    expect({ alert: rule.alert, panel: panel.title, figures: alert.figures, drawn: alert.figures.some((figure) => steps.includes(figure)) })
      .toEqual({ alert: rule.alert, panel: panel.title, figures: alert.figures, drawn: true });
  });
});
