import { describe, expect, it } from 'vitest';
import { BenchConfigError, isPartialProxyRun, loadBenchConfig } from './config.js';

describe('loadBenchConfig', () => {
  it('reads the defaults when nothing is set, and blank values as unset', () => {
    const defaults = {
      proxy: { seconds: 5, rounds: 3, probeRate: 500, only: [], endpoints: [] },
      soak: { seconds: 600, ratePerSecond: 40 },
    };
    expect(loadBenchConfig({})).toEqual(defaults);
    expect(loadBenchConfig({ BENCH_SECONDS: ' ', SOAK_RATE: '' })).toEqual(defaults);
  });

  it('reads every variable set', () => {
    expect(
      loadBenchConfig({
        BENCH_SECONDS: '10',
        BENCH_ROUNDS: '1',
        BENCH_PROBE_RATE: '250.5',
        BENCH_CONTENDERS: 'direct, assetkit,',
        BENCH_ENDPOINTS: 'list',
        SOAK_SECONDS: '60',
        SOAK_RATE: '0.5',
      }),
    ).toEqual({
      proxy: { seconds: 10, rounds: 1, probeRate: 250.5, only: ['direct', 'assetkit'], endpoints: ['list'] },
      soak: { seconds: 60, ratePerSecond: 0.5 },
    });
  });

  // Found by a new user: BENCH_SECONDS=abc was read with Number() and the bench ran with NaN.
  it('lists every problem at once, quoting each value', () => {
    let thrown: unknown;
    try {
      loadBenchConfig({
        BENCH_SECONDS: 'abc',
        BENCH_ROUNDS: '0',
        BENCH_PROBE_RATE: 'Infinity',
        SOAK_SECONDS: '1.5',
        SOAK_RATE: '-1',
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BenchConfigError);
    expect((thrown as Error).message).toBe(
      [
        'invalid benchmark settings:',
        '  - BENCH_SECONDS must be an integer between 1 and 86400 (seconds, at most a day), got "abc"',
        '  - BENCH_ROUNDS must be an integer between 1 and 1000, got "0"',
        '  - BENCH_PROBE_RATE must be a number of requests a second above 0 and at most 100000, got "Infinity"',
        '  - SOAK_SECONDS must be an integer between 1 and 86400 (seconds, at most a day), got "1.5"',
        '  - SOAK_RATE must be a number of operations a second above 0 and at most 100000, got "-1"',
      ].join('\n'),
    );
  });
});

describe('loadBenchConfig, BENCH_CONTENDERS and BENCH_ENDPOINTS', () => {
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadBenchConfig(env);
    } catch (error) {
      return error instanceof BenchConfigError ? error.problems : [`not a BenchConfigError: ${String(error)}`];
    }
    return [];
  };

  it('takes prefixes and whole names of the suite’s contenders and endpoints', () => {
    const { proxy } = loadBenchConfig({
      BENCH_CONTENDERS: 'Prism proxy mode,TCP,assetkit proxy (',
      BENCH_ENDPOINTS: 'list-assets (100 items), patch',
    });
    expect(proxy.only).toEqual(['Prism proxy mode', 'TCP', 'assetkit proxy (']);
    expect(proxy.endpoints).toEqual(['list-assets (100 items)', 'patch']);
  });

  // A typo ran nothing: `BENCH_ENDPOINTS=lsit` loaded no endpoint, for the whole of the setup.
  it('refuses a prefix no name starts with, naming every name when none is near', () => {
    expect(problemsOf({ BENCH_ENDPOINTS: 'folders' })).toEqual([
      `BENCH_ENDPOINTS: no endpoint's name starts with "folders"; the endpoints are "get-asset", "list-assets (100 items)", "patch-asset"`,
    ]);
  });

  it('suggests the name a swap of two letters came from', () => {
    expect(problemsOf({ BENCH_ENDPOINTS: 'lsit' })).toEqual([
      `BENCH_ENDPOINTS: no endpoint's name starts with "lsit"; did you mean "list-assets (100 items)"?`,
    ]);
  });

  it('suggests the nearest name, compared over the prefix’s length and ignoring case', () => {
    expect(problemsOf({ BENCH_CONTENDERS: 'direct,prism', BENCH_ENDPOINTS: 'get,pach' })).toEqual([
      `BENCH_CONTENDERS: no contender's name starts with "prism"; did you mean "Prism proxy mode"?`,
      `BENCH_ENDPOINTS: no endpoint's name starts with "pach"; did you mean "patch-asset"?`,
    ]);
  });

  it('suggests every name that starts alike', () => {
    expect(problemsOf({ BENCH_CONTENDERS: 'assetkt' })).toEqual([
      `BENCH_CONTENDERS: no contender's name starts with "assetkt"; did you mean "assetkit proxy (request + response validation, enforce)" or "assetkit proxy, RESPONSE_VALIDATION=off (requests validated, responses passed on unparsed)" or "assetkit proxy, RESPONSE_VALIDATION=report, RESPONSE_VALIDATION_SAMPLE=0.1 (every status, header and content type checked; a tenth of response bodies)"?`,
    ]);
  });

  // Commas alone read as no list at all, and ran every contender.
  it('refuses a list of commas alone, beside every other problem', () => {
    expect(problemsOf({ BENCH_CONTENDERS: ' , ,', BENCH_ROUNDS: 'x' })).toEqual([
      'BENCH_ROUNDS must be an integer between 1 and 1000, got "x"',
      'BENCH_CONTENDERS holds only commas: name a contender, or leave it unset for every one',
    ]);
  });

  it('tells a run of some contenders or endpoints from a full one', () => {
    expect(isPartialProxyRun(loadBenchConfig({}).proxy)).toBe(false);
    expect(isPartialProxyRun(loadBenchConfig({ BENCH_ROUNDS: '1', BENCH_SECONDS: '1' }).proxy)).toBe(false);
    expect(isPartialProxyRun(loadBenchConfig({ BENCH_ENDPOINTS: 'get' }).proxy)).toBe(true);
    expect(isPartialProxyRun(loadBenchConfig({ BENCH_CONTENDERS: 'direct' }).proxy)).toBe(true);
  });
});
