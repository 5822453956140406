'use strict';
/**
 * The suites about "every service" take their deployments from the plan (test/support/
 * deployments.ts), never from a list of their own. Jest runs them, and only them, with a
 * fourth service in the plan (the `plan + billing-worker` project of jest.config.js): each
 * must pass, and each suite with a test per deployment must have one naming the fourth,
 * which this module's reporter checks once the run is complete. Suites that compare with
 * committed output (dist/, docs/, dashboards/) stay with main.ts's plan: a service not in
 * main.ts has no committed output to compare with.
 */
const path = require('path');

/** The fourth service (test/fixtures/billing-worker.ts), as test names spell it. */
const EXTRA_SERVICE = 'billing-worker';
const NAMED_EXTRA_SERVICE = /billing-worker|BillingWorker/;

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

/**
 * The naming suites of a run's results (paths relative to `rootDir`) with no test that
 * names the fourth service: each kept a list of its own instead of following the plan.
 */
function suitesIgnoringExtraService(rootDir, testResults) {
  const suiteOf = (result) => path.relative(rootDir, result.testFilePath).split(path.sep).join('/');
  return testResults
    .filter((result) => NAMING_SUITES.includes(suiteOf(result)) && !result.testResults.some((test) => NAMED_EXTRA_SERVICE.test(test.fullName)))
    .map(suiteOf);
}

/** Fails the run when a naming suite that ran has no test naming the fourth service. */
class PlanFollowingReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.error = undefined;
  }

  onRunComplete(_contexts, results) {
    const ignoring = suitesIgnoringExtraService(this.rootDir, results.testResults);
    if (ignoring.length === 0) return;
    this.error = new Error(`${ignoring.join(', ')}: no test names ${EXTRA_SERVICE}, the fourth service in the plan; `
      + 'take the deployments from test/support/deployments.ts instead of a list of your own');
    process.stderr.write(`\nplan-following: ${this.error.message}\n`);
  }

  getLastError() {
    return this.error;
  }
}

module.exports = PlanFollowingReporter;
module.exports.EXTRA_SERVICE = EXTRA_SERVICE;
module.exports.NAMING_SUITES = NAMING_SUITES;
module.exports.LOOPING_SUITES = LOOPING_SUITES;
module.exports.PER_SERVICE_SUITES = PER_SERVICE_SUITES;
module.exports.suitesIgnoringExtraService = suitesIgnoringExtraService;
