import { CODE_OPTION_NAMES, type OptionNames } from '../runner/option-names.js';
import type { RunReport } from '../runner/report-types.js';
import type { SkipRule } from '../runner/run-scenario.js';
import { runSuite } from '../runner/run-suite.js';
import type { FetchLike, ScenarioModule } from '../runner/scenario-types.js';

/** A server to test: reached through `fetch`, at `baseUrl`, or both (an in-process app's fetch). */
export interface ContractSuiteTarget {
  fetch?: FetchLike;
  /** Defaults to `http://assetkit.test` when only `fetch` is given. */
  baseUrl?: string;
  /** Leave it out for an API whose spec declares no security. */
  token?: string;
  readOnlyToken?: string;
  /** The scenario module's options (`{ siteId, localeId }`). */
  vars: Record<string, string>;
  /** Called after the suite (stop the server the target factory started). */
  close?: () => Promise<void>;
}

/** The options as `runContractSuite` takes them: runSuite's, but the API is chosen by `api` (no `module`). */
const SUITE_OPTION_NAMES: OptionNames = { ...CODE_OPTION_NAMES, api: 'api' };

/**
 * The run `runContractSuite` makes against one target, in `beforeAll`: unpaced (`rateLimit: null`),
 * its messages naming the options as `runContractSuite` and its target take them.
 *
 * @example
 * const report = await runTarget(webflowAssets, { baseUrl, token, vars: { siteId } }, { strict: false, exerciseRateLimit: false, skip: [] });
 */
export function runTarget(
  module: ScenarioModule,
  target: ContractSuiteTarget,
  {
    strict,
    exerciseRateLimit,
    skip,
    timeoutMs,
  }: { strict: boolean; exerciseRateLimit: boolean; skip: readonly SkipRule[]; timeoutMs?: number },
): Promise<RunReport> {
  return runSuite({
    module,
    baseUrl: target.baseUrl ?? 'http://assetkit.test',
    ...(target.fetch && { fetch: target.fetch }),
    ...(target.token !== undefined && { token: target.token }),
    ...(target.readOnlyToken !== undefined && { readOnlyToken: target.readOnlyToken }),
    vars: target.vars,
    strict,
    exerciseRateLimit,
    rateLimit: null,
    skip,
    ...(timeoutMs !== undefined && { timeoutMs }),
    optionNames: SUITE_OPTION_NAMES,
  });
}
