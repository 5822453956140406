import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { billingWorker } from '../fixtures/billing-worker';

/**
 * The suites about "every service" take their deployments from the plan (test/support/
 * deployments.ts), never from a list of their own: run with a fourth service in the plan
 * (TEST_EXTRA_SERVICE), each passes and each tests the fourth service too. Suites that
 * compare with committed output (dist/, docs/, dashboards/) are left out: a service not in
 * main.ts has no committed output to compare with.
 */
/** Suites with a test per deployment, named by its service: the fourth must appear among them. */
const NAMING_SUITES = [
  'test/alerts/container-alerts.test.ts', 'test/alerts/http-alerts.test.ts', 'test/alerts/outage-alerts.test.ts',
  'test/alerts/rollout-alerts.test.ts', 'test/alerts/workload-alerts.test.ts',
  'test/dashboards/alert-panels.test.ts', 'test/dashboards/catalog-coverage.test.ts', 'test/dashboards/dashboard-definitions.test.ts',
  'test/dashboards/dashboard-lint.test.ts', 'test/monitoring/alerting-rules.test.ts', 'test/workload/every-deployment.test.ts',
  'test/workload/service-specs.test.ts',
];
/**
 * Suites that loop over every deployment inside a test, or apply to the services with a
 * signal the fourth lacks (database, cache, a public host): they must still pass.
 */
const LOOPING_SUITES = [
  'test/alerts/cache-alerts.test.ts', 'test/alerts/database-alerts.test.ts', 'test/alerts/edge-alerts.test.ts',
  'test/dashboards/dashboard-config-map.test.ts', 'test/monitoring/edge-probe.test.ts', 'test/secrets/no-secrets-in-output.test.ts',
  'test/synth/environments.test.ts', 'test/validation/promql-syntax.test.ts',
];
const PER_SERVICE_SUITES = [...NAMING_SUITES, ...LOOPING_SUITES];

interface JestReport {
  readonly numFailedTests: number;
  readonly numPassedTests: number;
  readonly testResults: readonly { readonly name: string; readonly assertionResults: readonly { readonly fullName: string; readonly status: string }[] }[];
}

describe('with a fourth service in the plan', () => {
  const root = path.resolve(__dirname, '..', '..');
  let tmpdir: string;
  let report: JestReport;
  let output: string;

  beforeAll(() => {
    tmpdir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-following-'));
    const outputFile = path.join(tmpdir, 'report.json');
    const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--coverage=false', '--json', `--outputFile=${outputFile}`, ...PER_SERVICE_SUITES], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, TEST_EXTRA_SERVICE: billingWorker.name, TMPDIR: tmpdir },
      timeout: 900_000,
    });
    output = `${run.stdout}${run.stderr}`;
    report = JSON.parse(fs.readFileSync(outputFile, 'utf8')) as JestReport;
  }, 900_000);
  afterAll(() => fs.rmSync(tmpdir, { recursive: true, force: true }));

  it('every per-service suite passes', () => {
    if (report.numFailedTests > 0) throw new Error(output.slice(-5000));
    expect(report.testResults.map((result) => path.relative(root, result.name)).sort()).toEqual([...PER_SERVICE_SUITES].sort());
  });

  it.each(NAMING_SUITES)('%s tests the fourth service', (suite) => {
    const result = report.testResults.find((candidate) => candidate.name === path.join(root, suite));
    expect(result).toBeDefined();
    const names = result!.assertionResults.map((assertion) => assertion.fullName);
    expect(names.some((name) => /billing-worker|BillingWorker/.test(name))).toBe(true);
  });
});
