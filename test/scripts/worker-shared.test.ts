import { sharedPerWorker } from '../support/worker-shared';
import { synthesizedMainPlan } from '../support/deployments';
import { deploymentPlan } from '../../main';

/** Test files of one worker share values through the test runtime (code-cached-runtime.js) as JSON. */
describe('values shared by the test files of a worker', () => {
  it('computes once; later asks get a copy of their own, rebuilt from the JSON', () => {
    const key = `probe-${process.pid}-${Date.now()}`;
    let computed = 0;
    const ask = () => sharedPerWorker(key, () => {
      computed += 1;
      return { list: [1, 2], nested: { name: 'x' } };
    }, (value) => value, (data) => ({ ...data, rebuilt: true }));
    const first = ask();
    const second = ask();
    expect(computed).toBe(1);
    expect(second).toEqual({ list: [1, 2], nested: { name: 'x' }, rebuilt: true });
    expect(second.nested).not.toBe(first.nested);
  });

  it('gives main.ts\'s synthesized charts attached to this file\'s own plan', () => {
    const charts = synthesizedMainPlan();
    const plan = deploymentPlan();
    expect(charts.map((chart) => chart.plan)).toEqual(plan.charts);
    charts.forEach((chart, index) => expect(chart.plan).toBe(plan.charts[index]));
    for (const chart of charts.filter((candidate) => candidate.outline)) expect(chart.outline!.deployment).toBe(chart.plan.deployment);
  });
});
