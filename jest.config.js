/** ESM jest: ts-jest compiles TypeScript as ESM; `.js` import suffixes map back to the .ts sources. */
import { availableParallelism } from 'node:os';

export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  transformIgnorePatterns: ['node_modules/(?!@actions)'],
  testTimeout: 30000,
  // Most suites wait on subprocesses and loopback servers, not on the CPU: jest's default of one
  // worker per spare CPU is a single worker on a 2-CPU runner; two halve the wall time there.
  maxWorkers: Math.max(2, availableParallelism() - 1),
};
