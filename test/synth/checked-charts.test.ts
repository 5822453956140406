import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { production } from '../../environments/production';
import type { ChartPlan } from '../../lib/plan/deployment-plan';
import { forgetCheckedCharts } from '../../lib/synth/checked-charts';
import { synthesize } from '../../lib/synth/run-synth';
import { saveVerdicts } from '../../lib/validation/verdict-cache';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { planOf } from '../support/deployments';
import { temporaryFolders } from '../support/temporary-folders';

/** Synth remembers which chart texts passed the schema and PromQL checks, and checks only the others. */
const folder = temporaryFolders();
let verdicts: string;
beforeEach(() => {
  verdicts = folder('chart-verdicts-');
  process.env.CHART_VERDICTS_CACHE_DIR = verdicts;
  forgetCheckedCharts();
});
afterEach(() => {
  delete process.env.CHART_VERDICTS_CACHE_DIR;
  forgetCheckedCharts();
});

const charts = (service = reconciliationBackend) => planOf([production], [service]).charts;
const run = (plans: readonly ChartPlan[]) => synthesize({ projectRoot: folder('checked-charts-'), charts: plans });
const cacheFile = () => path.join(verdicts, fs.readdirSync(verdicts)[0]);

describe('chart verdicts kept across runs', () => {
  it('checks every chart the first time, none while their text is unchanged, and only the chart that changed', async () => {
    expect(await run(charts())).toMatchObject({ chartCount: 3, checkedCharts: 3 });
    expect(fs.readdirSync(verdicts)).toEqual([expect.stringMatching(/^schema-models-[0-9a-f]{16}-lezer-promql-[\d.]+-checks-[0-9a-f]{12}\.json$/)]);
    forgetCheckedCharts();
    expect(await run(charts())).toMatchObject({ chartCount: 3, checkedCharts: 0 });
    expect(await run(charts({ ...reconciliationBackend, description: 'the backend, described anew' }))).toMatchObject({ checkedCharts: 1 });
  });

  it('never records a chart that failed, so it is reported again on the next run', async () => {
    // Each chart is built from its plan: a plan whose build emits an invalid object stands for a bug in a construct.
    const [namespace, ...rest] = charts();
    const broken: ChartPlan = {
      ...namespace,
      build: (app) => {
        const chart = namespace.build(app);
        new ApiObject(chart, 'bad-hpa', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'hpa' }, spec: { maxReplicas: 'ten' } });
        return chart;
      },
    };
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(run([broken, ...rest])).rejects.toThrow(/HorizontalPodAutoscaler\/hpa/);
      forgetCheckedCharts();
    }
    expect(JSON.parse(fs.readFileSync(cacheFile(), 'utf8')).keys).toHaveLength(rest.length);
  });

  it('ignores a damaged cache file (all charts are checked) and rewrites it', async () => {
    await run(charts());
    fs.writeFileSync(cacheFile(), fs.readFileSync(cacheFile(), 'utf8').replace(/"checksum":"./, '"checksum":"z'));
    forgetCheckedCharts();
    expect(await run(charts())).toMatchObject({ checkedCharts: 3 });
    saveVerdicts();
    const cache = JSON.parse(fs.readFileSync(cacheFile(), 'utf8'));
    expect(cache.keys).toHaveLength(3);
    expect(cache.checksum).toMatch(/^[0-9a-f]{64}$/);
  });
});
