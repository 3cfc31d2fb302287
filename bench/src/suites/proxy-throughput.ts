import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { REQUESTS } from '../proxy/canned.js';
import { probeLatency } from '../proxy/latency-probe.js';
import { freePort, type ServerProcess, spawnServer } from '../proxy/processes.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../../..');
const spec = join(repo, 'openapi/webflow-assets.yaml');
const require = createRequire(import.meta.url);
const BENCH_KEY = 'bench-key-0123456789abcdef';
const TSX = ['--import', 'tsx'];

/** One contender × endpoint measurement. */
export interface LoadResult {
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
  /** Every measurement of every round. */
  samples: LoadResult[];
  startupMs: Record<string, number>;
  peakRssMb: Record<string, number>;
}

interface Contender {
  name: string;
  /** Path prefix the contender serves the API under. */
  prefix: string;
  headers: Record<string, string>;
  start(upstreamUrl: string): Promise<ServerProcess>;
}

const contenders: Contender[] = [
  {
    name: 'direct (no proxy)',
    prefix: '/v2',
    headers: {},
    start: async () => {
      throw new Error('direct uses the upstream itself');
    },
  },
  {
    name: 'bare Express 5 + undici passthrough',
    prefix: '/v2',
    headers: {},
    start: (upstream) =>
      spawnServer('bare', process.execPath, [...TSX, join(here, '../proxy/bare-passthrough.ts'), upstream]),
  },
  {
    name: 'assetkit proxy (request + response validation, enforce)',
    prefix: '/v2',
    headers: { authorization: `Bearer ${BENCH_KEY}` },
    start: (upstream) =>
      spawnServer('assetkit', process.execPath, [join(repo, 'apps/proxy/dist/main.js')], {
        env: {
          PORT: '0',
          UPSTREAM_URL: upstream,
          UPSTREAM_TOKEN: 'bench-upstream-token',
          PROXY_KEYS: JSON.stringify([
            { name: 'bench', key: BENCH_KEY, scopes: ['assets:read', 'assets:write'], ratePerMinute: 100_000_000 },
          ]),
          UPSTREAM_RATE_LIMIT: '0',
          RESPONSE_VALIDATION: 'enforce',
          LOG_LEVEL: 'warn',
        },
      }),
  },
  {
    name: 'express-openapi-validator + http-proxy-middleware',
    prefix: '/v2',
    headers: {},
    start: (upstream) =>
      spawnServer('eov', process.execPath, [...TSX, join(here, '../proxy/eov-proxy.ts'), upstream, spec]),
  },
  {
    name: 'Prism proxy mode',
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
  endpoint: keyof typeof REQUESTS,
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
  const upstream = await spawnServer('static-upstream', process.execPath, [
    ...TSX,
    join(here, '../proxy/static-upstream.ts'),
  ]);
  const upstreamUrl = `http://127.0.0.1:${upstream.port}`;
  const samples: LoadResult[] = [];
  const startups: Record<string, number[]> = {};
  const peakRssMb: Record<string, number> = {};
  const chosen = contenders.filter((c) => only.length === 0 || only.some((o) => c.name.startsWith(o)));
  const wanted = (Object.keys(REQUESTS) as (keyof typeof REQUESTS)[]).filter(
    (e) => endpoints.length === 0 || endpoints.some((x) => e.startsWith(x)),
  );
  try {
    // Rounds interleave the contenders, so that noise from the host (this is a shared 2-core VM)
    // lands on all of them alike; each number reported is the median over the rounds.
    for (let round = 1; round <= rounds; round++) {
      for (const contender of chosen) {
        const direct = contender.name.startsWith('direct');
        const server = direct ? upstream : await contender.start(upstreamUrl);
        try {
          if (!direct) {
            startups[contender.name] = [...(startups[contender.name] ?? []), server.startupMs];
          }
          for (const endpoint of wanted) {
            const result = await load(server, contender, endpoint, seconds, connections, probeRate);
            process.stdout.write(
              `  round ${round} · ${contender.name} · ${endpoint}: ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.p99Ms} ms, ${Math.round(result.cpuMicrosPerRequest)} µs CPU/req, non-2xx ${result.non2xx}, errors ${result.errors}; at ${probeRate} req/s p50/p99 ${Math.round(result.probeP50Micros)}/${Math.round(result.probeP99Micros)} µs\n`,
            );
            samples.push(result);
          }
          if (!direct) {
            peakRssMb[contender.name] = Math.max(peakRssMb[contender.name] ?? 0, Math.round(server.peakRssMb()));
          }
        } finally {
          if (!direct) {
            await server.stop();
          }
        }
      }
    }
  } finally {
    await upstream.stop();
  }
  const results = chosen.flatMap((c) =>
    wanted.map((e) => medianOf(samples.filter((s) => s.contender === c.name && s.endpoint === e))),
  );
  const startupMs = Object.fromEntries(Object.entries(startups).map(([name, ms]) => [name, Math.round(median(ms))]));
  return {
    connections,
    probeRatePerSecond: probeRate,
    durationSeconds: seconds,
    rounds,
    results,
    samples,
    startupMs,
    peakRssMb,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The median of each measure over the rounds of one contender × endpoint. */
function medianOf(rounds: LoadResult[]): LoadResult {
  const first = rounds[0] as LoadResult;
  const of = (pick: (r: LoadResult) => number) => median(rounds.map(pick));
  return {
    contender: first.contender,
    endpoint: first.endpoint,
    requestsPerSecond: of((r) => r.requestsPerSecond),
    p50Ms: of((r) => r.p50Ms),
    p99Ms: of((r) => r.p99Ms),
    cpuMicrosPerRequest: of((r) => r.cpuMicrosPerRequest),
    probeP50Micros: of((r) => r.probeP50Micros),
    probeP99Micros: of((r) => r.probeP99Micros),
    probeFailures: rounds.reduce((n, r) => n + r.probeFailures, 0),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    non2xx: rounds.reduce((n, r) => n + r.non2xx, 0),
  };
}
