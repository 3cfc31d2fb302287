/**
 * The benchmarks' settings, read from the environment in this one place and checked before any
 * suite starts: `BENCH_*` for the proxy suite, `SOAK_*` for the soak. A blank value is read as
 * unset (its default). The reading itself is the proxy's `EnvReader`, so both say a problem alike.
 */
import { EnvReader } from '@assetkit/proxy/env-reader';

/** What the proxy suite runs (see `proxyThroughput`). */
export interface ProxyBenchSettings {
  /** `BENCH_SECONDS`: each run's length. */
  seconds: number;
  /** `BENCH_ROUNDS`: runs of each contender and endpoint. */
  rounds: number;
  /** `BENCH_PROBE_RATE`: requests a second of the latency probe. */
  probeRate: number;
  /** `BENCH_CONTENDERS`: name prefixes of the contenders to run (empty: all). */
  only: string[];
  /** `BENCH_ENDPOINTS`: prefixes of the endpoints to run (empty: all). */
  endpoints: string[];
}

/** What the soak runs (see `soak`). */
export interface SoakSettings {
  /** `SOAK_SECONDS`: how long it lasts. */
  seconds: number;
  /** `SOAK_RATE`: operations a second. */
  ratePerSecond: number;
}

export interface BenchConfig {
  proxy: ProxyBenchSettings;
  soak: SoakSettings;
}

/** Settings the benchmarks cannot run with, every one listed. */
export class BenchConfigError extends Error {
  override name = 'BenchConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid benchmark settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** A day: longer than any run is meant to be. */
const MAX_SECONDS = 86_400;
const MAX_RATE = 100_000;
/** Whole seconds from 1 to a day, for BENCH_SECONDS and SOAK_SECONDS. */
const SECONDS_RANGE = { min: 1, max: MAX_SECONDS, why: 'seconds, at most a day' };

/**
 * Reads and checks the benchmark settings with the proxy's own {@link EnvReader}, throwing a
 * {@link BenchConfigError} that lists every problem.
 *
 * @example
 * loadBenchConfig({ BENCH_SECONDS: '10' }).proxy.seconds; // 10
 * loadBenchConfig({ BENCH_SECONDS: 'abc' }); // throws: BENCH_SECONDS must be an integer between 1 and 86400 …
 */
export function loadBenchConfig(env: Env = process.env): BenchConfig {
  const reader = new EnvReader(env);
  const config: BenchConfig = {
    proxy: {
      seconds: reader.integer('BENCH_SECONDS', 5, SECONDS_RANGE),
      rounds: reader.integer('BENCH_ROUNDS', 3, { min: 1, max: 1000 }),
      probeRate: reader.positiveDecimal('BENCH_PROBE_RATE', 500, { max: MAX_RATE, what: 'requests a second' }),
      only: reader.list('BENCH_CONTENDERS') ?? [],
      endpoints: reader.list('BENCH_ENDPOINTS') ?? [],
    },
    soak: {
      seconds: reader.integer('SOAK_SECONDS', 600, SECONDS_RANGE),
      ratePerSecond: reader.positiveDecimal('SOAK_RATE', 40, { max: MAX_RATE, what: 'operations a second' }),
    },
  };
  if (reader.problemCount > 0) {
    throw new BenchConfigError(reader.problems);
  }
  return config;
}
