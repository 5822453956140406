import { DELIVERY } from '../../main';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ALERTS } from '../../alerts/registry';
import { DASHBOARDS } from '../../dashboards/registry';
import { production } from '../../environments/production';
import { planDeployments } from '../../lib/plan/deployment-plan';
import type { AlertRegistry } from '../../lib/plan/registries';
import { synthesize } from '../../lib/synth/run-synth';
import { checkPromqlSyntax, syntaxShape } from '../../lib/validation/promql-syntax';
import type { KubernetesObject } from '../../lib/validation/schema-validation';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { synthesizedMainPlan } from '../support/deployments';

const rule = (expr: string): KubernetesObject => ({
  apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'svc' },
  spec: { groups: [{ name: 'svc.http', rules: [{ alert: 'SvcDown', expr }] }] },
});
const dashboard = (expr: string): KubernetesObject => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'board-dashboard', labels: { grafana_dashboard: '1' } } as KubernetesObject['metadata'],
  data: { 'board.json': JSON.stringify({ panels: [{ title: 'Errors', targets: [{ refId: 'A', expr }] }] }) },
});

describe('PromQL syntax check at synth', () => {
  it('passes every rule and panel expression main.ts synthesizes, from the dashboards\' JSON text and from the objects it was written from', async () => {
    let dashboards = 0;
    for (const chart of synthesizedMainPlan()) {
      expect(await checkPromqlSyntax(chart.plan.file, chart.objects)).toEqual([]);
      expect(await checkPromqlSyntax(chart.plan.file, chart.objects, chart.dashboardsByJson)).toEqual([]);
      dashboards += chart.dashboardsByJson.size;
    }
    expect(dashboards).toBeGreaterThan(0);
  });

  it('reads a dashboard from the object its JSON was written from, when given one', async () => {
    const board = dashboard('rate(x[5m])');
    const json = (board.data as Record<string, string>)['board.json'];
    const written = { panels: [{ title: 'Errors', targets: [{ refId: 'A', expr: 'rate(x[5m]) /' }] }] };
    expect(await checkPromqlSyntax('f', [board])).toEqual([]);
    expect(await checkPromqlSyntax('f', [board], new Map([[json, written]])))
      .toEqual(['f: ConfigMap/board-dashboard board.json panel "Errors" query A: does not parse as PromQL at 13: rate(x[5m]) /']);
  });

  it('names the rule whose expression does not parse', async () => {
    expect(await checkPromqlSyntax('prod/svc.k8s.yaml', [rule('sum(rate(x[5m])')]))
      .toEqual(['prod/svc.k8s.yaml: PrometheusRule/svc group svc.http rule SvcDown: does not parse as PromQL at 15: sum(rate(x[5m])']);
  });

  it('names the dashboard panel and query whose expression does not parse, reading Grafana\'s interval variables as durations', async () => {
    expect(await checkPromqlSyntax('f', [dashboard('rate(x{namespace="$namespace"}[$__rate_interval])')])).toEqual([]);
    const [problem] = await checkPromqlSyntax('f', [dashboard('rate(x{namespace="$namespace"}[$__rate_interval]) /')]);
    expect(problem).toMatch(/^f: ConfigMap\/board-dashboard board\.json panel "Errors" query A: does not parse as PromQL at \d+: /);
  });

  it('fails synth, naming the rule, and writes nothing', async () => {
    const broken: AlertRegistry = {
      ...ALERTS,
      definitions: [...ALERTS.definitions, {
        name: 'typo',
        runbook: 'typo',
        ruleGroups: (deployment) => [{ name: `${deployment.job}.typo`, rules: [{ record: 'job:typo:sum', expr: 'sum(up{job="x"}' }] }],
      }],
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promql-syntax-'));
    try {
      const backendOnly = { ...production, services: { [reconciliationBackend.name]: production.services[reconciliationBackend.name] } };
      const { charts } = planDeployments({ environments: [backendOnly], services: [reconciliationBackend], alerts: broken, dashboards: DASHBOARDS, delivery: DELIVERY });
      // Each cluster's copy of the rule is checked and named: production has two clusters.
      const message = await synthesize({ projectRoot: dir, charts }).then(() => 'synth succeeded', (error: Error) => error.message);
      expect(production.clusters.length).toBeGreaterThan(1);
      for (const cluster of production.clusters) {
        expect(message).toContain(`production/${cluster.name}/reconciliation-backend.k8s.yaml: PrometheusRule/reconciliation-backend group reconciliation-backend.typo rule job:typo:sum: does not parse as PromQL`);
      }
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PromQL verdicts kept by shape', () => {
  it('blanks the text of every string literal, keeping length, comments and the rest', () => {
    expect(syntaxShape('rate(x{job="a\\"b", path=~\'/api/.*\'}[5m]) # "not a string"')).toBe(
      'rate(x{job="xxxx", path=~\'xxxxxxx\'}[5m]) # "not a string"');
    expect(syntaxShape('x{a=`raw\nline`}')).toBe('x{a=`xxxxxxxx`}');
  });

  it('gives no shape for a string left open, so such an expression is parsed as written', () => {
    expect(syntaxShape('x{job="a}')).toBeUndefined();
    expect(syntaxShape('x{job="a\n"}')).toBeUndefined();
  });

  it('reports each expression at its own offset even when one of the same shape was seen before', async () => {
    const rule = (expr: string) => [{
      apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'r' },
      spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr }] }] },
    }];
    expect(await checkPromqlSyntax('a.yaml', rule('sum(rate(x{job="a"}[5m])'))).toEqual([
      'a.yaml: PrometheusRule/r group g rule A: does not parse as PromQL at 24: sum(rate(x{job="a"}[5m])',
    ]);
    expect(await checkPromqlSyntax('b.yaml', rule('sum(rate(x{job="b"}[5m])'))).toHaveLength(1);
    expect(await checkPromqlSyntax('c.yaml', rule('sum(rate(x{job="c"}[5m]))'))).toEqual([]);
    expect(await checkPromqlSyntax('d.yaml', rule('sum(rate(x{job="d}[5m]))'))).toHaveLength(1);
  });
});
