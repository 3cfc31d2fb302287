import type { TestUserConfig } from 'vitest/config';

/** Shared vitest `test` options for every assetkit package. */
export declare function sharedTestConfig(overrides?: TestUserConfig): TestUserConfig;
