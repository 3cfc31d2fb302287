/**
 * The benchmarks' settings, read from the environment in this one place and checked before any
 * suite starts: `BENCH_*` for the proxy suite, `SOAK_*` for the soak. A blank value is read as
 * unset (its default). The reading itself is the proxy's `EnvReader`, so both say a problem alike.
 */
import { closestName } from '@assetkit/contract/closest-name';
import { EnvReader } from '@assetkit/proxy/env-reader';
import { CONTENDER_NAMES_IN_ORDER } from './proxy/contender-names.js';
import { ENDPOINT_NAMES } from './proxy/requests.js';

/** What the proxy suite runs (see `proxyThroughput`). */
export interface ProxyBenchSettings {
  /** `BENCH_SECONDS`: each run's length. */
  seconds: number;
  /** `BENCH_ROUNDS`: runs of each contender and endpoint. */
  rounds: number;
  /** `BENCH_PROBE_RATE`: requests a second of the latency probe. */
  probeRate: number;
  /** `BENCH_CONTENDERS`: name prefixes of the contenders to run (empty: all), each starting a contender's name. */
  only: string[];
  /** `BENCH_ENDPOINTS`: prefixes of the endpoints to run (empty: all), each starting an endpoint's name. */
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
 * A comma list of name prefixes (`BENCH_CONTENDERS=direct,assetkit`), `[]` when unset. An entry
 * that starts no known name is a problem, where it used to select nothing without a word (and a
 * list of commas alone, which used to select everything): the nearest name is suggested, compared
 * over about the entry's length (`prism` → `Prism proxy mode`, `pach` → `patch-asset`), else every
 * name is listed.
 */
function namePrefixes(reader: EnvReader, variable: string, known: readonly string[], noun: string): string[] {
  const entries = reader.list(variable);
  if (entries === undefined) {
    return [];
  }
  if (entries.length === 0) {
    reader.problem(`${variable} holds only commas: name a ${noun}, or leave it unset for every one`);
  }
  for (const entry of entries.filter((e) => !known.some((name) => name.startsWith(e)))) {
    // Each name's start as long as the entry, and a letter longer or shorter: a typo that drops
    // or adds a letter (`pach` for `patch`) is one edit from those, and two or more from the first.
    const startsOf = (name: string) => [0, 1, -1].map((extra) => name.slice(0, entry.length + extra));
    const meant = closestName(entry, [...new Set(known.flatMap(startsOf))]);
    // Several names can share the start a typo was nearest to (`assetkt`: three assetkit contenders).
    const nearest = known.filter((name) => meant !== undefined && startsOf(name).includes(meant));
    const hint =
      nearest.length > 0
        ? `did you mean ${nearest.map((name) => JSON.stringify(name)).join(' or ')}?`
        : `the ${noun}s are ${known.map((name) => JSON.stringify(name)).join(', ')}`;
    reader.problem(`${variable}: no ${noun}'s name starts with ${JSON.stringify(entry)}; ${hint}`);
  }
  return entries;
}

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
      only: namePrefixes(reader, 'BENCH_CONTENDERS', CONTENDER_NAMES_IN_ORDER, 'contender'),
      endpoints: namePrefixes(reader, 'BENCH_ENDPOINTS', ENDPOINT_NAMES, 'endpoint'),
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

/**
 * Whether the proxy suite runs only some contenders or endpoints: its results then stand for part
 * of the comparison, and must not replace the committed ones (`bench/results/proxy.json`, the
 * README's table, which a run without assetkit would have left empty).
 *
 * @example
 * isPartialProxyRun(loadBenchConfig({ BENCH_ENDPOINTS: 'get' }).proxy); // true
 */
export function isPartialProxyRun(settings: Pick<ProxyBenchSettings, 'only' | 'endpoints'>): boolean {
  return settings.only.length > 0 || settings.endpoints.length > 0;
}
