/**
 * `@assetkit/contract-tests/vitest`: the parts that import vitest, kept apart from the main entry
 * so the CLI and library users never load a test framework.
 *
 * @example
 * import { installMatchers, runContractSuite } from '@assetkit/contract-tests/vitest';
 */
export { type ContractSuiteOptions, type ContractSuiteTarget, runContractSuite } from './vitest/contract-suite.js';
export { installMatchers } from './vitest/to-match-operation.js';
