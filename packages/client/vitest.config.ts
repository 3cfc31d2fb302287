import { sharedTestConfig } from '@assetkit/vitest-config';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: sharedTestConfig({
    testTimeout: 20_000,
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
  }),
});
