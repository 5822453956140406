const os = require('os');

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
  // Transformed sources with the other caches, not in the system temp folder: a clean clone starts cold.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  // Three workers on CI's two cores: suites often wait on promtool, amtool, Prometheus or
  // child processes, and a third worker fills those waits (Jest's default, cores - 1,
  // leaves a core idle). Worker threads were tried: no faster here, and 8 GB.
  maxWorkers: Math.max(2, Math.round(os.availableParallelism() * 1.5)),
};
