import { expect as vitestExpect } from 'vitest';
import { type MatchableResponse, type MatchOperationOptions, matchOperation } from '../matchers/match-operation.js';

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: declaration merging needs vitest's exact type parameters
  interface Matchers<T = any> {
    /**
     * Checks a fetch `Response`, an openapi-fetch result or a `{ status, headers, text }` against
     * one operation of the contract. Async: `await expect(res).toMatchOperation('get-asset')`.
     */
    toMatchOperation(operationId: string, options?: MatchOperationOptions): Promise<T>;
  }
}

/**
 * Registers `toMatchOperation` on vitest's `expect` (or the one given). Idempotent.
 *
 * @example
 * import { installMatchers } from '@assetkit/contract-tests/vitest';
 * installMatchers();
 * await expect(await fetch(url)).toMatchOperation('get-asset');
 */
export function installMatchers(expect: { extend: typeof vitestExpect.extend } = vitestExpect): void {
  expect.extend({
    async toMatchOperation(received: MatchableResponse, operationId: string, options?: MatchOperationOptions) {
      const result = await matchOperation(received, operationId, options);
      return { pass: result.pass, message: () => result.message };
    },
  });
}
