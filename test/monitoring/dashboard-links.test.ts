import * as fs from 'fs';
import * as path from 'path';
import { outlinesOf, synthesizedMainPlan } from '../support/deployments';
import { ENVIRONMENTS } from '../support/alert-routing';

interface PanelJson { id?: number; title?: string; type?: string; panels?: PanelJson[] }
interface DashboardJson { uid: string; panels?: PanelJson[] }

/** The committed dashboards of an environment (dashboards/<env>/*.json), by uid: each with its panel ids. */
function committedDashboards(environment: string): Map<string, Map<number, string>> {
  const dir = path.resolve(__dirname, '../../dashboards', environment);
  const byUid = new Map<string, Map<number, string>>();
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const dashboard = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as DashboardJson;
    const panels = new Map<number, string>();
    const visit = (panel: PanelJson) => {
      if (panel.id !== undefined) panels.set(panel.id, panel.title ?? '');
      panel.panels?.forEach(visit);
    };
    dashboard.panels?.forEach(visit);
    byUid.set(dashboard.uid, panels);
  }
  return byUid;
}

describe('dashboard_url of every shipped alert', () => {
  const alerts = outlinesOf(synthesizedMainPlan()).flatMap(({ deployment, alerts: rules }) =>
    rules.map((rule) => ({ environment: deployment.environment.name, alert: String(rule.alert), url: rule.annotations?.dashboard_url })));
  const grafanaUrl = (environment: string) => ENVIRONMENTS.find((spec) => spec.name === environment)!.grafanaUrl;

  it('covers every alert', () => {
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.filter(({ url }) => url === undefined).map(({ alert }) => alert)).toEqual([]);
  });

  it.each(alerts.map((entry) => [entry.environment, entry.alert, entry.url] as const))(
    '%s %s links to a panel of a committed dashboard of its environment, at the environment\'s Grafana', (environment, _alert, url) => {
      expect(url?.startsWith(`${grafanaUrl(environment)}/d/`)).toBe(true);
      const match = /^https:\/\/[^/]+\/d\/([^?]+)\?viewPanel=(\d+)$/.exec(url ?? '');
      expect(match).not.toBeNull();
      const [, uid, panelId] = match as RegExpExecArray;
      const dashboards = committedDashboards(environment);
      expect(dashboards.has(decodeURIComponent(uid))).toBe(true);
      expect(dashboards.get(decodeURIComponent(uid))?.has(Number(panelId))).toBe(true);
    });
});
