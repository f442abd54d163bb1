import { availableParallelism } from 'node:os';

/**
 * Nest 12 ships as ES modules, so the suite runs in Jest's native ESM mode
 * (`--experimental-vm-modules`, set by the npm scripts) with ts-jest emitting ESM.
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true }],
    '/node_modules/.+\\.m?js$':
      '<rootDir>/test/support/require-esm.transformer.cjs',
  },
  transformIgnorePatterns: [],
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  testTimeout: 30_000,
  // The suites spend most of their time waiting on databases, sockets and child processes: one
  // worker keeps a 2-core machine about half idle (Jest's default is one fewer than the cores).
  maxWorkers: Math.max(2, availableParallelism() - 1),
};
