import { toYaml } from '../../lib/synth/synthesize';
import { synthesizedMainPlan } from '../support/deployments';

/**
 * Pins every service chart in both environments. Dashboard ConfigMaps are left to
 * the dashboards' own snapshots (their JSON is long), so a change here reads as a
 * change to the workload, secrets, scraping or rules.
 */
describe('synthesized charts', () => {
  for (const chart of synthesizedMainPlan()) {
    it(`match the reviewed snapshot: ${chart.plan.file}`, () => {
      const objects = chart.objects.filter((object) => !(object.kind === 'ConfigMap' && (object.metadata as { labels?: Record<string, string> }).labels?.grafana_dashboard));
      expect(toYaml({ ...chart, objects })).toMatchSnapshot();
    });
  }
});
