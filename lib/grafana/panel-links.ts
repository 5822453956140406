import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardLinks, DashboardPanelRef } from '../monitoring/rule-groups';

/** A dashboard as shipped, with the slug of the definition it was built from. */
export interface ShippedDashboard {
  readonly slug: string;
  readonly dashboard: Dashboard;
}

/** `/d/<uid>?viewPanel=<id>`: the panel alone, opened from an alert; dashboardPanelLinks prefixes the Grafana's address. */
export function panelUrl(uid: string, panelId: number): string {
  return `/d/${encodeURIComponent(uid)}?viewPanel=${panelId}`;
}

/**
 * Resolves an alert's panel (dashboard slug and panel title) to its URL in the given
 * dashboards; ids come from numberPanels, so the link survives rebuilds. The URL is
 * absolute, `<grafanaUrl>/d/<uid>?viewPanel=<id>`, so it opens from Slack or PagerDuty.
 */
export function dashboardPanelLinks(dashboards: readonly ShippedDashboard[], grafanaUrl: string): DashboardLinks {
  const urls = new Map<string, string>();
  const key = (dashboard: string, title: string) => `${dashboard}\u0000${title}`;
  for (const { slug, dashboard } of dashboards) {
    const visit = (panel: Panel | RowPanel) => {
      if (panel.title !== undefined && panel.id !== undefined) urls.set(key(slug, panel.title), `${grafanaUrl}${panelUrl(dashboard.uid ?? '', panel.id)}`);
      if (panel.type === 'row') (panel as RowPanel).panels.forEach(visit);
    };
    dashboard.panels?.forEach(visit);
  }
  return (ref: DashboardPanelRef) => (typeof ref.panel === 'string' ? [ref.panel] : ref.panel)
    .map((title) => urls.get(key(ref.dashboard, title)))
    .find((url) => url !== undefined);
}
