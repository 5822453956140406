import type { RenderedRuleGroup } from '../../lib/monitoring/rule-groups';

/**
 * The alerting rules of the given severities and the recording rules they read,
 * directly or through other recording rules. Which of them fire is exactly as with every
 * rule loaded, since alerting rules read no alert (nothing queries `ALERTS`; if
 * something did, every rule is kept); the other rules only cost evaluation time: the
 * slow-burn and budget windows (1d, 3d, 30d) dominate a day-long promtool run.
 */
export function rulesThatCanRaise(groups: readonly RenderedRuleGroup[], severities: ReadonlySet<string>): RenderedRuleGroup[] {
  const rules = groups.flatMap((group) => group.rules);
  if (rules.some((rule) => /\bALERTS\b/.test(rule.expr))) return [...groups];
  const kept = new Set(rules.filter((rule) => rule.alert !== undefined && severities.has(rule.labels?.severity ?? '')));
  const toRead = [...kept];
  for (let rule = toRead.pop(); rule; rule = toRead.pop()) {
    for (const candidate of rules) {
      if (candidate.record !== undefined && !kept.has(candidate) && readsMetric(rule.expr, candidate.record)) {
        kept.add(candidate);
        toRead.push(candidate);
      }
    }
  }
  return groups.map((group) => ({ ...group, rules: group.rules.filter((rule) => kept.has(rule)) })).filter((group) => group.rules.length > 0);
}

function readsMetric(expr: string, metric: string): boolean {
  const escaped = metric.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_:])${escaped}($|[^A-Za-z0-9_:])`).test(expr);
}
