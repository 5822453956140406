const os = require('os');
const { PER_SERVICE_SUITES } = require('./test/support/plan-following');

/** What both projects share. */
const project = {
  testEnvironment: 'node',
  // Every test lives under test/ (helpers in test/support/).
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // swc strips types only (tsc --noEmit type-checks in `npm test`). It also turns import()
  // into require(): Jest's native import() needs --experimental-vm-modules, under which Jest
  // keeps every finished test file's whole module graph (jestjs/jest#14605).
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022', keepClassNames: true },
      module: { type: 'commonjs' },
    }],
  },
  // vega's package exports only its ES module; under Jest, which runs CommonJS, its UMD build of the same release.
  moduleNameMapper: { '^vega$': '<rootDir>/node_modules/vega/build/vega.js' },
  // Transformed sources with the other caches, not in the system temp folder: a clean clone starts cold.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};
const perServiceSuites = PER_SERVICE_SUITES.map((suite) => `<rootDir>/${suite}`);

/** @type {import('jest').Config} */
module.exports = {
  // The suites about every service run with a fourth service in the plan, the others with
  // main.ts's (test/support/plan-following.js); its reporter fails the run when a suite
  // with a test per deployment has none for the fourth.
  projects: [
    { ...project, displayName: 'plan', testPathIgnorePatterns: ['/node_modules/', ...perServiceSuites] },
    { ...project, displayName: 'plan + billing-worker', testMatch: perServiceSuites, setupFiles: ['<rootDir>/test/support/extra-service.ts'] },
  ],
  reporters: ['default', '<rootDir>/test/support/plan-following.js'],
  // The gate covers the engine and the alert and dashboard definitions alike.
  collectCoverageFrom: ['lib/**/*.ts', 'alerts/**/*.ts', 'dashboards/**/*.ts'],
  coverageReporters: ['text-summary', 'text'],
  coverageThreshold: { './lib/': { lines: 90 }, './alerts/': { lines: 90 }, './dashboards/': { lines: 90 } },
  // Each run gets a temp folder of its own (TMPDIR), and fails when a test leaves anything in it.
  globalSetup: '<rootDir>/test/support/temp-folder-setup.ts',
  globalTeardown: '<rootDir>/test/support/temp-folder-teardown.ts',
  testTimeout: 60000,
  // A worker's event loop is empty soon after its last file, but the process takes longer
  // than Jest's default 500 ms wait to free its heap and end: Jest would kill it and then
  // warn of a leak that is not there.
  workerGracefulExitTimeout: 2000,
  // Three workers on CI's two cores: suites often wait on promtool, amtool, Prometheus or
  // child processes, and a third worker fills those waits (Jest's default, cores - 1,
  // leaves a core idle).
  maxWorkers: Math.max(2, Math.round(os.availableParallelism() * 1.5)),
};
