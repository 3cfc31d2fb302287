import { sharedTestConfig } from '@assetkit/vitest-config';
import { defineConfig } from 'vitest/config';

// Scenario runs against a real sandbox take a few seconds each; the child-process runs more.
export default defineConfig({ test: sharedTestConfig({ testTimeout: 60_000 }) });
