import * as fs from 'fs';
import * as path from 'path';
import { production } from '../../environments/production';
import { chartText, forgetChartTexts, toYaml } from '../../lib/synth/chart-text';
import { synthesize } from '../../lib/synth/run-synth';
import { synthesizeChart } from '../../lib/synth/synthesize';
import { saveVerdicts } from '../../lib/validation/verdict-cache';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { planOf } from '../support/deployments';
import { temporaryFolders } from '../support/temporary-folders';

/** Synth takes a chart file's text as it is when it is the rendering of exactly the objects built now. */
const folder = temporaryFolders();
let texts: string;
beforeEach(() => {
  texts = folder('chart-texts-');
  process.env.CHART_TEXTS_CACHE_DIR = texts;
  forgetChartTexts();
});
afterEach(() => {
  delete process.env.CHART_TEXTS_CACHE_DIR;
  forgetChartTexts();
});

const charts = (service = reconciliationBackend) => planOf([production], [service]).charts;
const backendObjects = () => synthesizeChart(charts().find((plan) => plan.deployment)!).objects;
const cacheFile = () => path.join(texts, fs.readdirSync(texts)[0]);
/** A new process: what this one learned is saved, then forgotten. */
const nextRun = () => {
  saveVerdicts();
  forgetChartTexts();
};

describe('chart texts', () => {
  it('renders the first time, then takes the text on disk while the objects are unchanged', () => {
    const objects = backendObjects();
    const first = chartText(objects, () => undefined);
    expect(first).toEqual({ text: toYaml({ objects }), rendered: true });
    nextRun();
    expect(fs.readdirSync(texts)).toEqual([expect.stringMatching(/^js-yaml-\d+\.\d+\.\d+-writer-[0-9a-f]{12}\.json$/)]);
    expect(chartText(backendObjects(), () => first.text)).toEqual({ text: first.text, rendered: false });
  });

  it('renders afresh when the objects changed, the file was edited, or there is no file', () => {
    const objects = backendObjects();
    const { text } = chartText(objects, () => undefined);
    nextRun();
    const changed = [...objects, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one-more' } }];
    // Objects never rendered: the file is not even read.
    const afterChange = chartText(changed, () => {
      throw new Error('the chart file was read');
    });
    expect(afterChange.rendered).toBe(true);
    expect(afterChange.text).toBe(toYaml({ objects: changed }));
    expect(afterChange.text).toContain('name: one-more');

    const edited = text.replace('replicas', 'replicaz');
    expect(chartText(objects, () => edited)).toEqual({ text, rendered: true });
    expect(chartText(objects, () => undefined)).toEqual({ text, rendered: true });
  });

  it('ignores a damaged cache file (renders again) and rewrites it', () => {
    const objects = backendObjects();
    const { text } = chartText(objects, () => undefined);
    nextRun();
    fs.writeFileSync(cacheFile(), fs.readFileSync(cacheFile(), 'utf8').replace(/"keys":\["./, '"keys":["x'));
    expect(chartText(objects, () => text)).toEqual({ text, rendered: true });
    nextRun();
    expect(chartText(objects, () => text)).toEqual({ text, rendered: false });
  });

  it('in synth: renders every chart the first time, none the second, and only what changed or was edited after', async () => {
    const root = folder('chart-texts-synth-');
    const run = (service = reconciliationBackend) => synthesize({ projectRoot: root, charts: charts(service) });
    expect(await run()).toMatchObject({ chartCount: 3, renderedCharts: 3 });
    const written = fs.readFileSync(path.join(root, 'dist/production/reconciliation-backend.k8s.yaml'), 'utf8');
    forgetChartTexts();
    expect(await run()).toMatchObject({ renderedCharts: 0, commit: { written: [] } });

    // A hand edit to a generated chart is not taken: the chart is rendered and written back.
    const file = path.join(root, 'dist/production/reconciliation-backend.k8s.yaml');
    fs.writeFileSync(file, written.replace('minReplicas: 2', 'minReplicas: 3'));
    expect(await run()).toMatchObject({ renderedCharts: 1, commit: { written: ['dist/production/reconciliation-backend.k8s.yaml'] } });
    expect(fs.readFileSync(file, 'utf8')).toBe(written);

    const changed = await run({ ...reconciliationBackend, description: 'the backend, described anew' });
    expect(changed).toMatchObject({ renderedCharts: 1 });
    expect(fs.readFileSync(file, 'utf8')).toContain('the backend, described anew');
  });
});
