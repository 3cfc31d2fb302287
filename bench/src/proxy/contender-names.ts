// Imports nothing, on purpose: `config.ts` checks `BENCH_CONTENDERS` against these names before any
// suite starts, and loads this module for it, not the suite (autocannon, the processes).

/**
 * The name of every contender of the proxy suite, as its tables and `bench/results/proxy.json`
 * show it. `proxy-throughput.ts` types each contender's name as one of these, so a new contender
 * is added here first.
 */
export const CONTENDER_NAMES = {
  direct: 'direct (no proxy)',
  relay: 'TCP relay (no HTTP, no validation: the floor)',
  bare: 'bare Express 5 + undici passthrough',
  assetkit: 'assetkit proxy (request + response validation, enforce)',
  assetkitResponsesOff: 'assetkit proxy, RESPONSE_VALIDATION=off (requests validated, responses passed on unparsed)',
  assetkitReportSample:
    'assetkit proxy, RESPONSE_VALIDATION=report, RESPONSE_VALIDATION_SAMPLE=0.1 (every status, header and content type checked; a tenth of response bodies)',
  eov: 'express-openapi-validator + http-proxy-middleware',
  prism: 'Prism proxy mode',
} as const;

/** One contender's name: what `BENCH_CONTENDERS` prefixes select from. */
export type ContenderName = (typeof CONTENDER_NAMES)[keyof typeof CONTENDER_NAMES];

/**
 * Every contender's name (the suite's own order is its list in `proxy-throughput.ts`).
 *
 * @example
 * CONTENDER_NAMES_IN_ORDER.filter((name) => name.startsWith('assetkit')).length; // 3
 */
export const CONTENDER_NAMES_IN_ORDER = Object.values(CONTENDER_NAMES) as ContenderName[];
