/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/alerts', '<rootDir>/dashboards'],
  testMatch: ['**/*.test.ts'],
  // swc strips types only (tsc --noEmit type-checks in `npm test`); dynamic import()
  // stays native so the ES-module-only schema packages load (needs --experimental-vm-modules).
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022', keepClassNames: true },
      module: { type: 'commonjs', ignoreDynamic: true },
    }],
  },
  collectCoverageFrom: ['lib/**/*.ts'],
  coverageReporters: ['text-summary', 'text'],
  coverageThreshold: { './lib/': { lines: 90 } },
  testTimeout: 60000,
};
