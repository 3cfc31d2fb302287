import { sharedTestConfig } from '@assetkit/vitest-config';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: sharedTestConfig(),
});
