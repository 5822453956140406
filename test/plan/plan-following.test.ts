import * as fs from 'fs';
import * as path from 'path';
import { EXTRA_SERVICE, LOOPING_SUITES, NAMING_SUITES, PER_SERVICE_SUITES, suitesIgnoringExtraService } from '../support/plan-following';
import { deployedServices } from '../support/deployments';

/**
 * Jest runs the per-service suites with a fourth service in the plan (jest.config.js's
 * `plan + billing-worker` project) and its reporter fails the run when a suite with a
 * test per deployment names none for the fourth (test/support/plan-following.js).
 */
const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the Jest configuration is CommonJS, without types
const config = require(path.join(ROOT, 'jest.config.js')) as { projects: { displayName: string; testMatch?: string[]; testPathIgnorePatterns?: string[]; setupFiles?: string[] }[] };

describe('the per-service suites run with a fourth service in the plan', () => {
  it.each(PER_SERVICE_SUITES)('%s exists, so a rename cannot drop it from the fourth-service run', (suite) => {
    expect(fs.existsSync(path.join(ROOT, suite))).toBe(true);
  });

  it('runs each in the fourth-service project only, where the setup adds the fourth service', () => {
    const [plan, withExtra] = config.projects;
    expect(withExtra.testMatch).toEqual(PER_SERVICE_SUITES.map((suite) => `<rootDir>/${suite}`));
    expect(withExtra.setupFiles).toEqual(['<rootDir>/test/support/extra-service.ts']);
    expect(plan.testPathIgnorePatterns).toEqual(expect.arrayContaining(withExtra.testMatch!));
  });

  it('lists each suite once', () => {
    expect(new Set(PER_SERVICE_SUITES).size).toBe(NAMING_SUITES.length + LOOPING_SUITES.length);
  });

  it('and this suite, outside that project, tests main.ts\'s plan without it', () => {
    expect(deployedServices().map((deployment) => deployment.service.name)).not.toContain(EXTRA_SERVICE);
  });
});

describe('the reporter that checks the naming suites', () => {
  const suite = NAMING_SUITES[0];
  const result = (file: string, names: string[]) => ({ testFilePath: path.join(ROOT, file), testResults: names.map((fullName) => ({ fullName })) });

  it('names a naming suite with no test for the fourth service', () => {
    expect(suitesIgnoringExtraService(ROOT, [result(suite, ['reconciliation-backend in production fires', 'collaboration-api in staging fires'])])).toEqual([suite]);
  });

  it('accepts one that has such a test, by service or alert-prefix spelling', () => {
    expect(suitesIgnoringExtraService(ROOT, [result(suite, ['billing-worker in production fires'])])).toEqual([]);
    expect(suitesIgnoringExtraService(ROOT, [result(suite, ['BillingWorkerHttpErrors fires'])])).toEqual([]);
  });

  it('leaves other suites alone', () => {
    expect(suitesIgnoringExtraService(ROOT, [result(LOOPING_SUITES[0], ['loops']), result('test/plan/clusters.test.ts', ['x'])])).toEqual([]);
  });
});
