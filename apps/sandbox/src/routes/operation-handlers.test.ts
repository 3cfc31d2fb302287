import { getContract } from '@assetkit/contract';
import { describe, expect, it } from 'vitest';
import { operationHandlers } from './operation-handlers.js';
import type { RouteDeps } from './route-deps.js';

describe('operationHandlers', () => {
  // Found in review: an operation added to the spec was routed and validated by the sandbox, then
  // answered 500 internal_error ("no handler for delete-asset-folder") at the first request.
  it('has a handler for every operation of the spec, and none for an operation it lacks', () => {
    // The handlers are only listed here, never called: the deps they would work on are not needed.
    const served = Object.keys(operationHandlers({} as RouteDeps)).sort();
    const specified = getContract('webflow-assets')
      .operations.map((o) => o.operationId)
      .sort();
    expect(served).toEqual(specified);
  });
});
