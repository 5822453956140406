import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { dashboardJson } from '../../lib/grafana/dashboard-config-map';
import { SERVICES } from '../../main';
import { dashboardsFor, resolved } from '../support/deployments';

/**
 * The exact JSON Grafana receives is the committed dashboards/<environment>/*.json
 * (test/synth/committed-output.test.ts); here, that the environments' copies differ only
 * where they must.
 */
describe.each(SERVICES)('dashboards of $name', (service) => {
  it('differ in staging only by what names the environment: uid, title, description, tags and the namespace shown first', () => {
    const environmentFree = (dashboard: Dashboard) => {
      const copy = JSON.parse(dashboardJson(dashboard)) as Partial<Dashboard>;
      for (const field of ['uid', 'title', 'description', 'tags'] as const) delete copy[field];
      const namespace = copy.templating?.list?.find((variable) => variable.name === 'namespace');
      delete namespace?.current;
      // Links name the environment: its tag, and the uid of the dashboard they open.
      return JSON.parse(JSON.stringify(copy).replace(/\b(production|staging)\b/g, '<environment>')) as Partial<Dashboard>;
    };
    const inProduction = dashboardsFor(resolved(service, production));
    const inStaging = dashboardsFor(resolved(service, staging));
    expect(inStaging.map((entry) => entry.slug)).toEqual(inProduction.map((entry) => entry.slug));
    inStaging.forEach((entry, index) => {
      expect(entry.dashboard.uid).not.toBe(inProduction[index].dashboard.uid);
      expect(environmentFree(entry.dashboard)).toEqual(environmentFree(inProduction[index].dashboard));
    });
  });
});
