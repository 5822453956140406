/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Every test lives under test/ (helpers in test/support/).
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // swc strips types only (tsc --noEmit type-checks in `npm test`); dynamic import()
  // stays native so the ES-module-only schema packages load (needs --experimental-vm-modules).
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022', keepClassNames: true },
      module: { type: 'commonjs', ignoreDynamic: true },
    }],
  },
  // The gate covers the engine and the alert and dashboard definitions alike.
  collectCoverageFrom: ['lib/**/*.ts', 'alerts/**/*.ts', 'dashboards/**/*.ts'],
  coverageReporters: ['text-summary', 'text'],
  coverageThreshold: { './lib/': { lines: 90 }, './alerts/': { lines: 90 }, './dashboards/': { lines: 90 } },
  // Fails the run when a test leaves anything in the system temp folder.
  globalSetup: '<rootDir>/test/support/temp-folder-setup.ts',
  globalTeardown: '<rootDir>/test/support/temp-folder-teardown.ts',
  testTimeout: 60000,
  // One worker per core: most suites wait on promtool, amtool or child processes, and
  // Jest's default (cores - 1) leaves one of CI's two cores idle.
  maxWorkers: '100%',
};
