import * as fs from 'fs';
import * as path from 'path';
import { SynthesizedChart, toYaml } from '../../lib/synth/synthesize';
import { synthesizedMainPlan, validateCharts } from '../support/deployments';

const charts: readonly SynthesizedChart[] = synthesizedMainPlan();
const DIST = path.resolve(__dirname, '../../dist');

/** Shapes of real credentials: if one of these shows up, a value leaked into the repository. */
const SECRET_LOOKING: readonly [string, RegExp][] = [
  ['a PEM private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['a Stripe key', /\b[sr]k_(live|test)_[0-9A-Za-z]{8,}/],
  ['an AWS access key id', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['a JSON Web Token', /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./],
  ['credentials in a URL', /[a-z][a-z0-9+.-]*:\/\/[^\s:@/"']+:[^\s@/"']+@/],
  ['a Slack or GitHub token', /\b(xox[abpr]-[0-9A-Za-z-]{10,}|gh[pousr]_[0-9A-Za-z]{20,})/],
];

/** Long tokens mixing upper case, lower case and digits: what generated keys and base64 values look like. */
function highEntropyTokens(text: string): string[] {
  return (text.match(/[A-Za-z0-9+/=_-]{32,}/g) ?? []).filter((token) => /[a-z]/.test(token) && /[A-Z]/.test(token) && /[0-9]/.test(token));
}

function distFiles(): string[] {
  if (!fs.existsSync(DIST)) return [];
  return fs.readdirSync(DIST, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.yaml')).map((file) => path.join(DIST, file));
}

const SECRET_ENV_NAME = /PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE|DSN|(^|_)KEY$/;

describe('no secret value is synthesized, for any service in any environment', () => {
  it('synthesizes every planned chart, and they pass schema validation', async () => {
    expect(charts.map((chart) => chart.plan.file)).toEqual(expect.arrayContaining([
      'production/reconciliation-backend.k8s.yaml', 'production/collaboration-api.k8s.yaml', 'staging/aion-monitoring.k8s.yaml',
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
