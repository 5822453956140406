import * as fs from 'fs';
import * as path from 'path';
import { toYaml } from '../../lib/synth/synthesize';
import type { SynthesizedChart } from '../../lib/synth/synthesize';
import { CREDENTIAL_PATTERNS as SECRET_LOOKING, highEntropyTokens, SECRET_ENV_NAME } from '../../lib/validation/credentials';
import { argoCdChartFile } from '../../lib/delivery/argo-cd-chart';
import { fluxChartFile } from '../../lib/delivery/flux-chart';
import { synthesizedPlanCharts, testPlan, validateCharts } from '../support/deployments';

/** Every chart of the plan: the cluster folders' and the GitOps engines' own (dist/delivery/). */
const charts: readonly SynthesizedChart[] = synthesizedPlanCharts();
const DIST = path.resolve(__dirname, '../../dist');

function distFiles(): string[] {
  if (!fs.existsSync(DIST)) return [];
  return fs.readdirSync(DIST, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.yaml')).map((file) => path.join(DIST, file));
}

describe('no secret value is synthesized, for any service in any environment', () => {
  it('synthesizes every planned chart, and they pass schema validation', async () => {
    const plan = testPlan();
    expect(charts.map((chart) => chart.plan.file)).toEqual(expect.arrayContaining([
      ...plan.deployments.map((deployment) => deployment.file),
      ...[...new Set(plan.environments.map((environment) => environment.name))].map(argoCdChartFile),
      ...plan.environments.map(fluxChartFile),
    ]));
    await expect(validateCharts(charts)).resolves.toBeUndefined();
  });

  it('emits no Kubernetes Secret: ESO creates them in the cluster', () => {
    for (const chart of charts) {
      expect(chart.objects.filter((object) => object.kind === 'Secret').map((object) => `${chart.plan.file}: ${object.metadata?.name}`)).toEqual([]);
      expect(toYaml(chart)).not.toMatch(/^kind: Secret$/m);
    }
  });

  it('contains nothing shaped like a credential', () => {
    for (const chart of charts) {
      const yaml = toYaml(chart);
      for (const [what, pattern] of SECRET_LOOKING) {
        expect({ file: chart.plan.file, what, found: yaml.match(pattern)?.[0] ?? null }).toEqual({ file: chart.plan.file, what, found: null });
      }
      expect({ file: chart.plan.file, tokens: highEntropyTokens(yaml) }).toEqual({ file: chart.plan.file, tokens: [] });
    }
  });

  it('never sets a secret-named env var to a literal value', () => {
    for (const chart of charts) {
      for (const object of chart.objects.filter((o) => o.kind === 'Deployment')) {
        const containers = (object as unknown as { spec: { template: { spec: { containers: { env?: { name: string; value?: string }[] }[] } } } }).spec.template.spec.containers;
        const literal = containers.flatMap((container) => container.env ?? []).filter((env) => SECRET_ENV_NAME.test(env.name) && env.value !== undefined);
        expect({ file: chart.plan.file, literal }).toEqual({ file: chart.plan.file, literal: [] });
      }
    }
  });

  it('finds no Secret and no credential in the committed dist/ either', () => {
    for (const file of distFiles()) {
      const yaml = fs.readFileSync(file, 'utf8');
      expect({ file, secret: /^kind: Secret$/m.test(yaml) }).toEqual({ file, secret: false });
      for (const [what, pattern] of SECRET_LOOKING) expect({ file, what, found: yaml.match(pattern)?.[0] ?? null }).toEqual({ file, what, found: null });
    }
  });

  it('recognises the shapes it looks for', () => {
    const samples = [
      '-----BEGIN RSA PRIVATE KEY-----', 'sk_live_51Habcdefgh', 'AKIAIOSFODNN7EXAMPLE', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
      'postgres://app:hunter2@db:5432/app', 'xoxb-1234567890-abcdef',
    ];
    samples.forEach((sample, index) => expect(SECRET_LOOKING[index][1].test(sample)).toBe(true));
    expect(highEntropyTokens('value: dGhpcyBpcyBhIHZlcnkgc2VjcmV0IHZhbHVlMTIz')).toHaveLength(1);
    expect(SECRET_ENV_NAME.test('STRIPE_SECRET_KEY') && SECRET_ENV_NAME.test('SENTRY_DSN') && !SECRET_ENV_NAME.test('RUST_LOG')).toBe(true);
  });
});
