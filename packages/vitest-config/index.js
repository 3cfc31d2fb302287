// Plain JavaScript on purpose: vitest loads configs through Node, which cannot import TypeScript
// from a workspace package on Node 20.

/**
 * Shared vitest `test` options for every assetkit package.
 *
 * Tests sit beside the code (`src/**\/*.test.ts`). Besides the console, every run writes
 * `reports/vitest.json`, which `.ci/run` sums into its closing `N passed, N failed` line.
 *
 * @param {import('vitest/config').TestUserConfig} [overrides] options that replace the defaults
 * @returns {import('vitest/config').TestUserConfig}
 * @example
 * import { defineConfig } from 'vitest/config';
 * import { sharedTestConfig } from '@assetkit/vitest-config';
 * export default defineConfig({ test: sharedTestConfig({ testTimeout: 20_000 }) });
 */
export function sharedTestConfig(overrides = {}) {
  return {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
    testTimeout: 15_000,
    hookTimeout: 30_000,
    ...overrides,
  };
}
