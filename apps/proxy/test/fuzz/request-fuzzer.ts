import { type ApiName, getContract } from '@assetkit/contract';
import fc from 'fast-check';
import type { FuzzRequest } from './fuzz-request.js';
import { hostileMutations } from './hostile-requests.js';
import { bodyMutations } from './mutate-body.js';
import { credentialMutations, pathMutations, queryMutations, routeMutations } from './mutate-request.js';
import { type FuzzerOptions, fuzzable, render, validParts } from './request-parts.js';

/** The three corpora of one API, as fast-check arbitraries. */
export interface RequestFuzzer {
  /** The operations the corpora cover (every one whose required body, if any, is JSON). */
  operationIds: string[];
  /** Requests built from the spec's schemas: the target must accept and forward them as they are. */
  valid: fc.Arbitrary<FuzzRequest>;
  /** One mutation the spec forbids each: the target must refuse them with a 4xx. */
  invalid: fc.Arbitrary<FuzzRequest>;
  /** Odd requests with no verdict fixed in advance: no 5xx, no hang. */
  hostile: fc.Arbitrary<FuzzRequest>;
}

/**
 * Builds request corpora for any API the contract knows, by name, from its spec alone: every
 * operation, parameter and request body schema is walked; nothing is listed per endpoint. A
 * second API added to `openapi/` gets a fuzzer by passing its name.
 *
 * @example
 * const fuzzer = createRequestFuzzer('webflow-assets', { tenant: siteId, bodyLimitBytes: 16 * 1024 });
 * await fc.assert(fc.asyncProperty(fuzzer.invalid, async (request) => { … }), { seed, numRuns });
 */
export function createRequestFuzzer(api: ApiName, options: FuzzerOptions): RequestFuzzer {
  const contract = getContract(api);
  const operations = contract.operations.filter(fuzzable);
  if (operations.length === 0) {
    throw new Error(`${api}: no operation the fuzzer can build requests for`);
  }
  // One arbitrary per operation, built once (building them per draw costs more than sending).
  const parts = fc.oneof(...operations.map((operation) => validParts(contract, operation, options)));
  return {
    operationIds: operations.map((o) => o.operationId),
    valid: parts.map((p) => render(p)),
    invalid: parts.chain((p) =>
      fc.oneof(
        ...pathMutations(contract, p),
        ...queryMutations(contract, p),
        ...credentialMutations(p, options),
        ...routeMutations(contract, p),
        ...bodyMutations(contract, p, options),
      ),
    ),
    hostile: parts.chain(hostileMutations),
  };
}
