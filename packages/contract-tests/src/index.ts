/**
 * `@assetkit/contract-tests`: a conformance suite for servers that claim to speak an assetkit
 * API. The runner is generic (contract checks, rate limiting, 429 handling, cleanup, coverage);
 * each API brings its scenarios as a module. Vitest helpers live in `@assetkit/contract-tests/vitest`.
 *
 * @example
 * import { runSuite, scenarioModule, formatConsoleReport } from '@assetkit/contract-tests';
 * const report = await runSuite({ module: scenarioModule('webflow-assets')!, baseUrl, token, vars: { siteId } });
 * process.stdout.write(formatConsoleReport(report));
 */
export { type CliOptions, type ParsedArgs, parseArgs } from './cli/args.js';
export { type CliIo, EXIT, exitCodeFor, main, type Signal } from './cli/main.js';
export { usage } from './cli/usage.js';
export {
  formatViolations,
  type MatchableResponse,
  type MatchOperationOptions,
  type MatchResult,
  matchOperation,
} from './matchers/match-operation.js';
export { formatConsoleReport, formatStepLine } from './report/console-report.js';
export { formatCoverage } from './report/coverage-text.js';
export { formatJsonReport, type JsonReport } from './report/json-report.js';
export { escapeXml, formatJUnitReport } from './report/junit-report.js';
export type { Clock } from './runner/clock.js';
export { toCurl } from './runner/curl.js';
export { deepDiff } from './runner/deep-diff.js';
export { CLI_OPTION_NAMES, CODE_OPTION_NAMES, type OptionNames } from './runner/option-names.js';
export { parseRateLimit, type RateLimit, retryAfterMs } from './runner/rate-limiter.js';
export type * from './runner/report-types.js';
export { checkResponse } from './runner/response-checks.js';
export { type SkipRule, stepId } from './runner/run-scenario.js';
export {
  DEFAULT_REMOTE_RATE_LIMIT,
  ProbeRejectedError,
  type RunOptions,
  runSuite,
  TargetCertificateError,
  TargetUnreachableError,
} from './runner/run-suite.js';
export type * from './runner/scenario-types.js';
export { scenarioModule, testableApis } from './scenarios/registry.js';
export { webflowAssets } from './scenarios/webflow-assets/index.js';
