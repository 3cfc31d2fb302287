import { mkdirSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { SANDBOX_DEFAULTS } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, type Stack, startStack } from '../test/harness.js';
import { startLoad } from '../test/load-driver.js';
import { eventually, heapAfterGc } from '../test/raw-client.js';
import { checkWrites, tallyOutcomes } from '../test/write-ledger.js';

// The short version of `pnpm bench soak` (10 minutes, the proxy in its own process): the same
// mix and the same write check, in process, for long enough to catch a leak per request.
const SECONDS = 20;

const openSockets = () =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:');
    } catch {
      return false;
    }
  }).length;

/** Least-squares slope of y per unit of x. */
function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

describe(`soak, short version (${SECONDS} s through proxy → sandbox)`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ LOG_LEVEL: 'warn' });
  });
  afterAll(() => stack.close());

  it('loses and duplicates no write, answers no 5xx, and keeps heap and sockets flat', {
    timeout: (SECONDS + 40) * 1000,
  }, async () => {
    const heapBefore = heapAfterGc();
    const started = Date.now();
    const samples: Array<{ s: number; rssMb: number; sockets: number }> = [];
    const sample = () =>
      samples.push({
        s: (Date.now() - started) / 1000,
        rssMb: process.memoryUsage().rss / 2 ** 20,
        sockets: openSockets(),
      });
    const load = startLoad({
      api: () => stack.proxy.api,
      key: KEYS.writer,
      siteId: SANDBOX_DEFAULTS.siteId,
      workers: 2,
      thinkMs: 20,
    });
    const sampler = setInterval(sample, 1_000);
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    clearInterval(sampler);
    await load.stop();
    const clients = tallyOutcomes(load.outcomes);
    const writes = await checkWrites(load, stack.sandbox);
    const pool = await eventually(() => {
      const { running, pending, queued } = stack.proxy.upstream.stats();
      return running + pending + queued === 0;
    });
    const heapGrowthMb = (heapAfterGc() - heapBefore) / 2 ** 20;
    // Slopes after the first quarter (warm-up: JIT, pools, caches).
    const steady = samples.filter((p) => p.s >= SECONDS / 4);
    const report = {
      seconds: SECONDS,
      clients,
      writes,
      heapGrowthMb,
      rssSlopeMbPerMinute: slope(steady.map((p) => [p.s / 60, p.rssMb] as const)),
      socketSlopePerMinute: slope(steady.map((p) => [p.s / 60, p.sockets] as const)),
      samples,
    };
    mkdirSync(new URL('../reports/', import.meta.url), { recursive: true });
    writeFileSync(new URL('../reports/soak.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(
      `\nsoak (${SECONDS} s): ${clients.requests} requests, ${writes.acknowledged} writes acknowledged, ${writes.lost.length} lost; ` +
        `RSS slope ${report.rssSlopeMbPerMinute.toFixed(1)} MB/min, sockets slope ${report.socketSlopePerMinute.toFixed(1)}/min, heap +${heapGrowthMb.toFixed(1)} MB\n`,
    );

    expect(clients.requests).toBeGreaterThan(SECONDS * 20);
    expect(clients.serverErrors).toBe(0);
    expect(clients.errors).toEqual({});
    expect(writes.acknowledged).toBeGreaterThan(0);
    expect(writes.lost).toEqual([]);
    expect(writes.duplicated).toEqual([]);
    expect(writes.uploadsWrong).toEqual([]);
    expect(pool).toBe(true);
    // Generous bounds, no timing: a per-request leak of a few kB would break them.
    expect(heapGrowthMb).toBeLessThan(64);
    expect(Math.abs(report.socketSlopePerMinute)).toBeLessThan(30);
  });
});
