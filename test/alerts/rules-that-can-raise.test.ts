import type { RenderedRuleGroup } from '../../lib/monitoring/rule-groups';
import { rulesThatCanRaise } from '../support/paging';

/** The incident tests evaluate only the rules that can raise the severities they check. */
const groups: RenderedRuleGroup[] = [
  {
    name: 'sli',
    rules: [
      { record: 'job:errors:rate5m', expr: 'sum(rate(http_errors_total[5m]))' },
      { record: 'job:errors:ratio_rate5m', expr: 'job:errors:rate5m / job:requests:rate5m' },
      { record: 'job:requests:rate5m', expr: 'sum(rate(http_requests_total[5m]))' },
      { record: 'job:errors:rate5m_by_route', expr: 'sum by (route) (rate(http_errors_total[5m]))' },
      { record: 'job:errors:ratio_rate3d', expr: 'sum(rate(http_errors_total[3d]))' },
    ],
  },
  {
    name: 'alerts',
    rules: [
      { alert: 'FastBurn', expr: 'job:errors:ratio_rate5m > 0.1', labels: { severity: 'critical' } },
      { alert: 'SlowBurn', expr: 'job:errors:ratio_rate3d > 0.01', labels: { severity: 'warning' } },
    ],
  },
  { name: 'tickets', rules: [{ alert: 'RouteErrors', expr: 'job:errors:rate5m_by_route > 1', labels: { severity: 'warning' } }] },
];

describe('rulesThatCanRaise', () => {
  it('keeps the alerts of the severity and every recording rule they read, through other recording rules', () => {
    expect(rulesThatCanRaise(groups, new Set(['critical']))).toEqual([
      { name: 'sli', rules: [groups[0].rules[0], groups[0].rules[1], groups[0].rules[2]] },
      { name: 'alerts', rules: [groups[1].rules[0]] },
    ]);
  });

  it('tells a metric from a longer name that starts with it', () => {
    const [sli] = rulesThatCanRaise(groups, new Set(['critical']));
    expect(sli.rules.map((rule) => rule.record)).not.toContain('job:errors:rate5m_by_route');
  });

  it('keeps every rule of every checked severity', () => {
    expect(rulesThatCanRaise(groups, new Set(['critical', 'warning']))).toEqual(groups);
  });

  it('keeps every rule when one reads ALERTS, since alerts then depend on each other', () => {
    const reading: RenderedRuleGroup[] = [...groups, { name: 'meta', rules: [{ alert: 'Many', expr: 'count(ALERTS) > 3', labels: { severity: 'info' } }] }];
    expect(rulesThatCanRaise(reading, new Set(['critical']))).toEqual(reading);
  });
});
