/**
 * The benchmarks' settings, read from the environment in this one place and checked before any
 * suite starts: `BENCH_*` for the proxy suite, `SOAK_*` for the soak. A blank value is read as
 * unset (its default).
 */

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
  constructor(readonly problems: string[]) {
    super(`invalid benchmark settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** A day: longer than any run is meant to be. */
const MAX_SECONDS = 86_400;
const MAX_RATE = 100_000;

/**
 * Reads and checks the benchmark settings, throwing a {@link BenchConfigError} that lists every
 * problem.
 *
 * @example
 * loadBenchConfig({ BENCH_SECONDS: '10' }).proxy.seconds; // 10
 * loadBenchConfig({ BENCH_SECONDS: 'abc' }); // throws: BENCH_SECONDS must be a whole number of seconds …
 */
export function loadBenchConfig(env: Env = process.env): BenchConfig {
  const problems: string[] = [];
  const raw = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const whole = (name: string, fallback: number, max: number, unit: string) => {
    const value = raw(name);
    if (value === undefined) {
      return fallback;
    }
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
      problems.push(`${name} must be a whole number${unit} from 1 to ${max}, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return Number(value);
  };
  const rate = (name: string, fallback: number, what: string) => {
    const value = raw(name);
    if (value === undefined) {
      return fallback;
    }
    if (!/^(\d+(\.\d*)?|\.\d+)$/.test(value) || !(Number(value) > 0) || Number(value) > MAX_RATE) {
      problems.push(
        `${name} must be a number of ${what} a second above 0 and at most ${MAX_RATE}, got ${JSON.stringify(value)}`,
      );
      return fallback;
    }
    return Number(value);
  };
  const list = (name: string) =>
    (raw(name) ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);

  const config: BenchConfig = {
    proxy: {
      seconds: whole('BENCH_SECONDS', 5, MAX_SECONDS, ' of seconds'),
      rounds: whole('BENCH_ROUNDS', 3, 1000, ''),
      probeRate: rate('BENCH_PROBE_RATE', 500, 'requests'),
      only: list('BENCH_CONTENDERS'),
      endpoints: list('BENCH_ENDPOINTS'),
    },
    soak: {
      seconds: whole('SOAK_SECONDS', 600, MAX_SECONDS, ' of seconds'),
      ratePerSecond: rate('SOAK_RATE', 40, 'operations'),
    },
  };
  if (problems.length > 0) {
    throw new BenchConfigError(problems);
  }
  return config;
}
