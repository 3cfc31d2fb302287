import { describe, expect, it } from 'vitest';
import { BenchConfigError, loadBenchConfig } from './config.js';

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
