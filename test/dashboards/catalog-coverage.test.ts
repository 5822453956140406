import { histogramSeries } from '../../lib/monitoring/metric-catalog';
import { loadPromqlParser, type PromqlParser } from '../../lib/validation/promql-syntax';
import { dashboardsFor, testPlan } from '../support/deployments';
import { allQueries, substituteVariables, variableNames } from './dashboard-lint';

/**
 * Every metric a service's catalog declares is on at least one panel of the service's
 * dashboards in every environment, or the catalog says in one line why not
 * (`notDashboarded`). The services come from the plan main.ts builds.
 */

const plan = testPlan();

async function seriesRead(parser: PromqlParser, deployment: (typeof plan.deployments)[number]): Promise<Set<string>> {
  const read = new Set<string>();
  for (const { dashboard } of dashboardsFor(deployment)) {
    const defined = new Set(variableNames(dashboard));
    for (const { expr } of allQueries(dashboard)) {
      const { text } = substituteVariables(expr, defined);
      parser.parse(text).iterate({
        enter: (node) => {
          const identifier = node.name === 'VectorSelector' ? node.node.getChild('Identifier') : null;
          if (identifier) read.add(text.slice(identifier.from, identifier.to));
        },
      });
    }
  }
  return read;
}

describe('every catalog metric is shown on a dashboard or says why not', () => {
  let parser: PromqlParser;
  beforeAll(async () => {
    parser = await loadPromqlParser();
  });

  it('checks every service of the plan in every environment', () => {
    expect(plan.deployments.length).toBe(plan.environments.length * new Set(plan.deployments.map((d) => d.service.name)).size);
  });

  it.each(plan.deployments.map((deployment) => [`${deployment.environment.name} ${deployment.service.name}`, deployment] as const))(
    '%s', async (_name, deployment) => {
      const read = await seriesRead(parser, deployment);
      const drawn = (name: string, type: string) => (type === 'histogram'
        ? Object.values(histogramSeries({ name, type, help: '', labels: [], unit: '', buckets: [1] })).some((series) => read.has(series))
        : read.has(name));
      const problems = Object.entries(deployment.service.metrics).flatMap(([key, metric]) => {
        const shown = drawn(metric.name, metric.type);
        if (metric.notDashboarded === undefined) return shown ? [] : [`${key} (${metric.name}) is on no panel and has no notDashboarded reason`];
        if (shown) return [`${key} (${metric.name}) is marked notDashboarded but a panel draws it`];
        const reason = metric.notDashboarded.trim();
        return reason.length > 0 && !reason.includes('\n') ? [] : [`${key}.notDashboarded must be one line of reason`];
      });
      expect(problems).toEqual([]);
    });

  it('gives the AI and inference metrics a panel of their own where a service exports them', () => {
    const aiPanels = plan.deployments.flatMap((deployment) => dashboardsFor(deployment).flatMap(({ dashboard }) =>
      allQueries(dashboard).filter(({ expr }) => /\b(ai_requests_total|aion_inference_\w+)\b/.test(expr)).map(({ panel }) => panel)));
    expect(new Set(aiPanels)).toEqual(new Set([
      'Requests sent to the Ollama AI service (ai_requests_total)',
      'Inference requests (aion_inference_requests_total)',
      'Inference latency (aion_inference_duration_seconds)',
      'Inference requests that failed (aion_inference_errors_total)',
    ]));
  });
});
