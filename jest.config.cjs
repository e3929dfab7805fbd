// Jest compiles TypeScript with @swc/jest to CommonJS (see DEPENDENCIES.md §3 of the shared notes).
const common = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  // jose and marked are ESM-only; let swc compile them to CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(jose|marked)/)'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFilesAfterEnv: ['<rootDir>/test/harness/jest-setup.ts'],
};
// Integration and e2e share one Redis and one Neo4j per run, started by the global setup
// (idempotent across projects) and isolated per test by key prefix / label namespace.
const withServices = {
  globalSetup: '<rootDir>/test/harness/global-setup.ts',
  globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
};
module.exports = {
  // Integration and e2e suites start whole stacks in beforeAll; on a loaded 2-core CI machine
  // that needs more than jest's 5 s (testTimeout is a global option, not a per-project one).
  testTimeout: 30_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      ...withServices,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
    },
    { ...common, ...withServices, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
