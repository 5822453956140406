import { environmentRuleGroups } from '../../lib/charts/alert-routing-chart';
import { ALERTS } from '../../alerts/registry';
import { production } from '../../environments/production';
import { renderForEnvironment } from '../../lib/monitoring/alerting-rules';
import { ALERT_ROUTING_NAME } from '../../lib/monitoring/alert-routing';
import { resolveEnvironment } from '../../lib/plan/deployment-from-specs';
import { AlertCase, ExpectedAlert, gaugeValues, InputSeries, renderAnnotation, seriesName, testRules } from '../support/rule-tests';

/** The alerts of production's alert-routing chart, as its PrometheusRule ships them. */
const groups = renderForEnvironment(environmentRuleGroups(resolveEnvironment(production, production.clusters[0]), ALERTS), production, ALERT_ROUTING_NAME);
const rules = groups.flatMap((group) => group.rules);
const HEARTBEAT = 'AlertRoutingHeartbeat';
const SYNC = 'AlertRoutingSecretSyncFailing';

/** The alert Prometheus raises from a series with `labels`: annotation templates see those labels only, not the rule's. */
function expected(alert: string, labels: Record<string, string>): ExpectedAlert {
  const rule = rules.find((candidate) => candidate.alert === alert)!;
  const all = { ...labels, ...rule.labels! };
  const annotations = Object.fromEntries(Object.entries(rule.annotations!).map(([name, text]) => [name, renderAnnotation(text, labels, 1)]));
  return { labels: all, annotations };
}

/** ESO's Ready=False gauge of the alert-routing ExternalSecret, with ESO's Helm default labels (exported_namespace). */
const notReady = (minutes: number): InputSeries => ({
  series: seriesName('externalsecret_status_condition', {
    namespace: 'external-secrets', exported_namespace: production.namespace, name: ALERT_ROUTING_NAME, condition: 'Ready', status: 'False',
  }),
  values: gaugeValues(1, minutes),
});

const cases: AlertCase[] = [
  // The heartbeat needs no input at all: it fires on an empty Prometheus, and keeps firing.
  { alert: HEARTBEAT, evalTime: '2m', inputs: [], expected: [expected(HEARTBEAT, {})] },
  { alert: HEARTBEAT, evalTime: '6h', inputs: [notReady(360)], expected: [expected(HEARTBEAT, {})] },
  { alert: SYNC, evalTime: '10m', inputs: [notReady(30)], expected: [] },
  {
    alert: SYNC, evalTime: '20m', inputs: [notReady(30)],
    expected: [expected(SYNC, {
      namespace: production.namespace, exported_namespace: production.namespace, name: ALERT_ROUTING_NAME, condition: 'Ready', status: 'False',
    })],
  },
];

describe('the alerts of the alert-routing chart, under promtool', () => {
  it('the heartbeat always fires, carrying the namespace the routing needs, also while the routing secret is unsynced; the sync alert warns after 15 minutes', () => {
    const result = testRules(groups, cases);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});
