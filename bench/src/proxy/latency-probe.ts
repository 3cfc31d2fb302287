import { Pool } from 'undici';
import { percentile } from '../percentile.js';

/** What one latency probe sends, and how. */
export interface ProbeOptions {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  connections: number;
  ratePerSecond: number;
  seconds: number;
}

/** Latencies of a probe, in microseconds. */
export interface ProbeResult {
  p50Micros: number;
  p99Micros: number;
  requests: number;
  /** Requests that failed or answered other than 2xx. */
  failures: number;
}

/**
 * Latency at a fixed, moderate rate over `connections` keep-alive connections, timed to the
 * microsecond. Requests leave on schedule (an open loop) whether or not earlier ones are done, so
 * unlike a saturating load, queueing for a busy CPU does not dominate: the difference between a
 * proxy and the upstream it fronts is what the proxy adds per request.
 *
 * @example
 * const { p99Micros } = await probeLatency({ url, method: 'GET', headers: {}, connections: 32, ratePerSecond: 500, seconds: 3 });
 */
export async function probeLatency(options: ProbeOptions): Promise<ProbeResult> {
  const target = new URL(options.url);
  const pool = new Pool(target.origin, { connections: options.connections, pipelining: 1 });
  const path = `${target.pathname}${target.search}`;
  const send = async (): Promise<number | undefined> => {
    const started = process.hrtime.bigint();
    try {
      const answer = await pool.request({
        method: options.method as 'GET',
        path,
        headers: options.headers,
        ...(options.body === undefined ? {} : { body: options.body }),
      });
      await answer.body.arrayBuffer();
      const micros = Number(process.hrtime.bigint() - started) / 1000;
      return answer.statusCode < 300 ? micros : undefined;
    } catch {
      return undefined;
    }
  };
  try {
    // Open the connections first, so the probe measures requests, not TCP handshakes.
    await Promise.all(Array.from({ length: options.connections }, send));
    const total = Math.round(options.ratePerSecond * options.seconds);
    const interval = 1000 / options.ratePerSecond;
    const start = performance.now();
    const pending: Promise<number | undefined>[] = [];
    for (let i = 0; i < total; i++) {
      const wait = start + i * interval - performance.now();
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      pending.push(send());
    }
    const timings = await Promise.all(pending);
    const ok = timings.filter((t): t is number => t !== undefined).sort((a, b) => a - b);
    return {
      p50Micros: percentile(ok, 0.5) ?? Number.NaN,
      p99Micros: percentile(ok, 0.99) ?? Number.NaN,
      requests: total,
      failures: total - ok.length,
    };
  } finally {
    await pool.close();
  }
}
