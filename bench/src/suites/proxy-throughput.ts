import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { median } from '../percentile.js';
import { CONTENDER_NAMES, type ContenderName } from '../proxy/contender-names.js';
import { calibrateHost, type HostCalibration } from '../proxy/host-calibration.js';
import { probeLatency } from '../proxy/latency-probe.js';
import { freePort, type ServerProcess, spawnServer } from '../proxy/processes.js';
import { ENDPOINT_NAMES, type EndpointName, REQUESTS } from '../proxy/requests.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../../..');
const spec = join(repo, 'openapi/webflow-assets.yaml');
const require = createRequire(import.meta.url);
const BENCH_KEY = 'bench-key-0123456789abcdef';
/**
 * Every load runs in a fresh process with Node's default engine flags, as users run a server: each
 * is started, warmed up, loaded, probed and stopped. A process kept across loads idles while the
 * others are measured, and after about 8 s of that V8's memory reducer shrinks its heap, so the next
 * load ran costlier for longer than any warm-up (the bare passthrough's list: 115–150 µs of CPU a
 * request at steady state, 356–374 µs after 15 s idle); turning the reducer off for every process
 * instead measured a configuration nobody runs, and each process's peak RSS then carried the largest
 * heap of every earlier load. A fresh process per load is in the same state for every contender
 * whatever the order, and its peak RSS is that load's own.
 */
const TSX = ['--import', 'tsx'];

/** One contender × endpoint measurement. */
export interface LoadResult {
  /** The round it was measured in (0 for medians over rounds). */
  round: number;
  contender: string;
  endpoint: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  /** CPU time the contender process spent per request, microseconds (robust to a busy machine). */
  cpuMicrosPerRequest: number;
  /** Latency at a fixed moderate rate over the same connections (see `probeLatency`), µs. */
  probeP50Micros: number;
  probeP99Micros: number;
  /** Probe requests that failed or were not 2xx. */
  probeFailures: number;
  /** The contender's peak RSS during this load (warm-up, load and probe), MB; NaN for the upstream. */
  peakRssMb: number;
}

/** What the proxy benchmark reports. */
export interface ProxyBenchResult {
  connections: number;
  /** Requests per second of the fixed-rate latency probe. */
  probeRatePerSecond: number;
  durationSeconds: number;
  rounds: number;
  /** Medians over the rounds, one per contender × endpoint. */
  results: LoadResult[];
  /**
   * assetkit's throughput ÷ each contender's, and each contender's CPU per request ÷ assetkit's,
   * taken within each round (the runs sat back to back) and then the median over the rounds.
   */
  ratios: { endpoint: string; contender: string; throughput: number; cpu: number }[];
  /** Every measurement of every round. */
  samples: LoadResult[];
  /** Median start-up per contender, over `startupSamples` fresh processes. */
  startupMs: Record<string, number>;
  /** Fastest and slowest of those start-ups. */
  startupRangeMs: Record<string, [number, number]>;
  /** Start-ups measured per contender: one per load, and more where the loads were fewer than 7. */
  startupSamples: number;
  /** Each contender's highest peak over all its loads, MB. */
  peakRssMb: Record<string, number>;
  host: HostCalibration;
}

/** Start-ups measured per contender at the least (fresh processes beyond the loads' own if need be). */
const MIN_STARTUPS = 7;

/** The contender every ratio is taken against. */
export const OURS = CONTENDER_NAMES.assetkit;

/** The service as users run it, with a key that no budget stops and the given response validation. */
function startAssetkit(
  upstream: string,
  responseValidation: 'enforce' | 'report' | 'off',
  sample = '1',
): Promise<ServerProcess> {
  return spawnServer('assetkit', process.execPath, [join(repo, 'apps/proxy/dist/main.js')], {
    env: {
      PORT: '0',
      UPSTREAM_URL: upstream,
      UPSTREAM_TOKEN: 'bench-upstream-token',
      PROXY_KEYS: JSON.stringify([
        { name: 'bench', key: BENCH_KEY, scopes: ['assets:read', 'assets:write'], ratePerMinute: 100_000_000 },
      ]),
      UPSTREAM_RATE_LIMIT: '0',
      RESPONSE_VALIDATION: responseValidation,
      RESPONSE_VALIDATION_SAMPLE: sample,
      LOG_LEVEL: 'warn',
    },
  });
}

interface Contender {
  name: ContenderName;
  /** Path prefix the contender serves the API under. */
  prefix: string;
  headers: Record<string, string>;
  start(upstreamUrl: string): Promise<ServerProcess>;
}

const contenders: Contender[] = [
  {
    name: CONTENDER_NAMES.direct,
    prefix: '/v2',
    headers: {},
    start: async () => {
      throw new Error('direct uses the upstream itself');
    },
  },
  {
    name: CONTENDER_NAMES.relay,
    prefix: '/v2',
    headers: {},
    start: (upstream) =>
      spawnServer('relay', process.execPath, [...TSX, join(here, '../proxy/tcp-relay.ts'), upstream]),
  },
  {
    name: CONTENDER_NAMES.bare,
    prefix: '/v2',
    headers: {},
    start: (upstream) =>
      spawnServer('bare', process.execPath, [...TSX, join(here, '../proxy/bare-passthrough.ts'), upstream]),
  },
  {
    name: OURS,
    prefix: '/v2',
    headers: { authorization: `Bearer ${BENCH_KEY}` },
    start: (upstream) => startAssetkit(upstream, 'enforce'),
  },
  {
    name: CONTENDER_NAMES.assetkitResponsesOff,
    prefix: '/v2',
    headers: { authorization: `Bearer ${BENCH_KEY}` },
    start: (upstream) => startAssetkit(upstream, 'off'),
  },
  {
    name: CONTENDER_NAMES.assetkitReportSample,
    prefix: '/v2',
    headers: { authorization: `Bearer ${BENCH_KEY}` },
    start: (upstream) => startAssetkit(upstream, 'report', '0.1'),
  },
  {
    name: CONTENDER_NAMES.eov,
    prefix: '/v2',
    headers: {},
    start: (upstream) =>
      spawnServer('eov', process.execPath, [...TSX, join(here, '../proxy/eov-proxy.ts'), upstream, spec]),
  },
  {
    name: CONTENDER_NAMES.prism,
    prefix: '',
    headers: {},
    start: async (upstream) => {
      // Prism prints its "listening" line at info level; at warn (as every contender logs here)
      // readiness is found by polling the port.
      const port = await freePort();
      const cli = require.resolve('@stoplight/prism-cli/dist/index.js');
      const args = [
        cli,
        'proxy',
        spec,
        `${upstream}/v2`,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--verboseLevel',
        'warn',
      ];
      return spawnServer('prism', process.execPath, args, { port });
    },
  },
];

async function load(
  server: ServerProcess,
  contender: Contender,
  endpoint: EndpointName,
  seconds: number,
  connections: number,
  probeRate: number,
): Promise<LoadResult> {
  const url = `http://127.0.0.1:${server.port}`;
  const request = REQUESTS[endpoint];
  const body = 'body' in request ? request.body : undefined;
  const options = {
    url: `${url}${contender.prefix}${request.path}`,
    method: request.method,
    connections,
    pipelining: 1,
    headers: { ...contender.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body } : {}),
  };
  // A warm-up long enough for V8 to finish optimising every contender (assetkit has far more code to
  // optimise than a one-function passthrough), so the measurement is of steady state.
  await autocannon({ ...options, duration: 3 });
  const cpuBefore = server.cpuMs();
  const result = await autocannon({ ...options, duration: seconds });
  const cpuMicrosPerRequest = ((server.cpuMs() - cpuBefore) * 1000) / Math.max(1, result.requests.total);
  // A moment for the full-load run's garbage to be collected, so the probe does not time it.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const probe = await probeLatency({ ...options, ratePerSecond: probeRate, seconds: 4 });
  return {
    round: 0,
    // The fresh process's peak since it started: this load's own (not for `direct`, whose "server"
    // is the upstream itself).
    peakRssMb: contender.name === CONTENDER_NAMES.direct ? Number.NaN : server.peakRssMb(),
    probeP50Micros: probe.p50Micros,
    probeP99Micros: probe.p99Micros,
    probeFailures: probe.failures,
    cpuMicrosPerRequest,
    contender: contender.name,
    endpoint,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/**
 * Throughput, latency and memory of assetkit's proxy against a bare passthrough,
 * express-openapi-validator + http-proxy-middleware and Prism, all in front of the same static
 * upstream, measured in one run on this machine.
 */
export async function proxyThroughput({
  seconds = 5,
  rounds = 3,
  connections = 32,
  probeRate = 500,
  only = [] as string[],
  endpoints = [] as string[],
} = {}): Promise<ProxyBenchResult> {
  const host = calibrateHost();
  const upstream = await spawnServer('static-upstream', process.execPath, [
    ...TSX,
    join(here, '../proxy/static-upstream.ts'),
  ]);
  const upstreamUrl = `http://127.0.0.1:${upstream.port}`;
  const samples: LoadResult[] = [];
  const startups: Record<string, number[]> = {};
  const peakRssMb: Record<string, number> = {};
  const chosen = contenders.filter((c) => only.length === 0 || only.some((o) => c.name.startsWith(o)));
  const wanted = ENDPOINT_NAMES.filter((e) => endpoints.length === 0 || endpoints.some((x) => e.startsWith(x)));
  const servers = chosen.filter((c) => c.name !== CONTENDER_NAMES.direct);
  /** A fresh process of the contender, its start-up counted (`direct` is the upstream itself). */
  const fresh = async (contender: Contender): Promise<ServerProcess> => {
    if (contender.name === CONTENDER_NAMES.direct) {
      return upstream;
    }
    const server = await contender.start(upstreamUrl);
    startups[contender.name] = [...(startups[contender.name] ?? []), server.startupMs];
    return server;
  };
  let running: ServerProcess | undefined;
  try {
    // Per round and endpoint, every contender runs back to back (the order rotating each round),
    // so that a change in this shared 2-core VM's speed lands on all of them alike; ratios are
    // taken within a round, then the median over the rounds is reported.
    for (let round = 1; round <= rounds; round++) {
      for (const endpoint of wanted) {
        const shift = (round - 1) % chosen.length;
        for (const contender of [...chosen.slice(shift), ...chosen.slice(0, shift)]) {
          running = await fresh(contender);
          const result = { ...(await load(running, contender, endpoint, seconds, connections, probeRate)), round };
          if (running !== upstream) {
            await running.stop();
          }
          running = undefined;
          process.stdout.write(
            `  round ${round} · ${contender.name} · ${endpoint}: ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.p99Ms} ms, ${Math.round(result.cpuMicrosPerRequest)} µs CPU/req, peak RSS ${Number.isNaN(result.peakRssMb) ? 'n/a (the upstream)' : `${Math.round(result.peakRssMb)} MB`}, non-2xx ${result.non2xx}, errors ${result.errors}; at ${probeRate} req/s p50/p99 ${Math.round(result.probeP50Micros)}/${Math.round(result.probeP99Micros)} µs\n`,
          );
          samples.push(result);
        }
      }
    }
    // Start-up varies more between starts than load does between rounds: at least 7 per contender.
    for (const contender of servers) {
      while ((startups[contender.name] ?? []).length < MIN_STARTUPS) {
        running = await fresh(contender);
        await running.stop();
        running = undefined;
      }
      peakRssMb[contender.name] = Math.round(
        Math.max(...samples.filter((s) => s.contender === contender.name).map((s) => s.peakRssMb)),
      );
    }
  } finally {
    if (running !== undefined && running !== upstream) {
      await running.stop();
    }
    await upstream.stop();
  }
  const results = chosen.flatMap((c) =>
    wanted.map((e) => medianOf(samples.filter((s) => s.contender === c.name && s.endpoint === e))),
  );
  const startupMs = Object.fromEntries(Object.entries(startups).map(([name, ms]) => [name, Math.round(median(ms))]));
  const startupRangeMs = Object.fromEntries(
    Object.entries(startups).map(([name, ms]) => [name, [Math.round(Math.min(...ms)), Math.round(Math.max(...ms))]]),
  ) as Record<string, [number, number]>;
  const ratios = wanted.flatMap((endpoint) =>
    chosen.map((c) => {
      const within = (pick: (ours: LoadResult, theirs: LoadResult) => number) =>
        median(
          samples
            .filter((t) => t.endpoint === endpoint && t.contender === c.name)
            .flatMap((theirs) => {
              const ours = samples.find(
                (o) => o.endpoint === endpoint && o.round === theirs.round && o.contender === OURS,
              );
              return ours ? [pick(ours, theirs)] : [];
            }),
        );
      return {
        endpoint,
        contender: c.name,
        throughput: within((ours, theirs) => ours.requestsPerSecond / theirs.requestsPerSecond),
        cpu: within((ours, theirs) => theirs.cpuMicrosPerRequest / ours.cpuMicrosPerRequest),
      };
    }),
  );
  return {
    connections,
    ratios,
    probeRatePerSecond: probeRate,
    durationSeconds: seconds,
    rounds,
    results,
    samples,
    startupMs,
    startupRangeMs,
    // No server of its own started (only `direct` chosen): none measured, where Math.min() is Infinity.
    startupSamples: servers.length === 0 ? 0 : Math.min(...servers.map((c) => startups[c.name]?.length ?? 0)),
    peakRssMb,
    host,
  };
}

/** The median of each measure over the rounds of one contender × endpoint. */
function medianOf(rounds: LoadResult[]): LoadResult {
  const first = rounds[0] as LoadResult;
  const of = (pick: (r: LoadResult) => number) => median(rounds.map(pick));
  return {
    round: 0,
    contender: first.contender,
    endpoint: first.endpoint,
    requestsPerSecond: of((r) => r.requestsPerSecond),
    p50Ms: of((r) => r.p50Ms),
    p99Ms: of((r) => r.p99Ms),
    cpuMicrosPerRequest: of((r) => r.cpuMicrosPerRequest),
    probeP50Micros: of((r) => r.probeP50Micros),
    probeP99Micros: of((r) => r.probeP99Micros),
    peakRssMb: of((r) => r.peakRssMb),
    probeFailures: rounds.reduce((n, r) => n + r.probeFailures, 0),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    non2xx: rounds.reduce((n, r) => n + r.non2xx, 0),
  };
}
