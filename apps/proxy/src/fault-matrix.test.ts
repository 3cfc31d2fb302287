import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_DEFAULTS, type Sandbox, type SandboxOptions, startSandbox } from '@assetkit/sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { type FaultRow, writeFaultReport } from '../test/fault-report.js';
import { CANARY_TOKEN, KEYS, rateLimitBackendIs, startProxy, startStack } from '../test/harness.js';
import { type LoadRun, startLoad } from '../test/load-driver.js';
import { startProxyProcess } from '../test/proxy-process.js';
import { eventually } from '../test/raw-client.js';
import { startPrivateRedis } from '../test/redis-server.js';
import { checkWrites, tallyOutcomes, type Upstream } from '../test/write-ledger.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SITE = SANDBOX_DEFAULTS.siteId;
const rows: FaultRow[] = [];

async function record(fault: string, started: number, load: LoadRun, upstream: Upstream, notes: string) {
  const check = await checkWrites(load, upstream);
  const row: FaultRow = {
    fault,
    durationMs: Date.now() - started,
    clients: tallyOutcomes(load.outcomes),
    writes: {
      acknowledged: check.acknowledged,
      lost: check.lost.length,
      duplicated: check.duplicated.length,
      appliedUnacknowledged: check.appliedUnacknowledged,
      uploadsAcknowledged: check.uploadsAcknowledged,
    },
    notes,
  };
  rows.push(row);
  expect(check.lost).toEqual([]);
  expect(check.duplicated).toEqual([]);
  expect(check.uploadsWrong).toEqual([]);
  expect(check.acknowledged).toBeGreaterThan(0);
  return row;
}

describe('faults under load (counts in reports/faults.json)', () => {
  afterAll(() => {
    process.stdout.write(writeFaultReport(rows));
  });

  it('sandbox restarted on the same port and data: 502 while it is down, no acknowledged write lost', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'assetkit-fault-'));
    const options: SandboxOptions = {
      dataDir,
      rateLimitPerMinute: 1_000_000,
      extraTokens: [{ token: CANARY_TOKEN, scopes: ['assets:read', 'assets:write'], siteIds: [SITE] }],
    };
    let sandbox: Sandbox = await startSandbox(options);
    const proxy = await startProxy(sandbox.url);
    try {
      const started = Date.now();
      const load = startLoad({ api: () => proxy.api, key: KEYS.writer, siteId: SITE, workers: 4 });
      await sleep(800);
      await sandbox.close();
      await sleep(400);
      sandbox = await startSandbox({ ...options, port: Number(new URL(sandbox.url).port) });
      await sleep(800);
      await load.stop();
      const row = await record(
        'sandbox restart (400 ms down)',
        started,
        load,
        sandbox,
        '502 bad_gateway while the upstream refused connections (no other 5xx); uploads POST to the sandbox directly, so they see its restart as transport errors',
      );
      expect(Object.keys(row.clients.byStatus).filter((s) => Number(s) >= 500)).toEqual(['502']);
      expect(row.clients.byStatus['502']).toBeGreaterThan(0);
    } finally {
      await proxy.close();
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('Redis killed and restarted: the proxy falls back to its own limiter, says so, and goes back', async () => {
    const redis = await startPrivateRedis();
    const stack = await startStack({ REDIS_URL: redis.url, LOG_LEVEL: 'info' });
    const backend = (name: 'redis' | 'memory') => rateLimitBackendIs(stack.proxy, name);
    try {
      expect(await backend('redis')).toBe(true);
      const started = Date.now();
      const load = startLoad({ api: () => stack.proxy.api, key: KEYS.writer, siteId: SITE, workers: 4 });
      await sleep(600);
      await redis.kill();
      expect(await eventually(() => backend('memory'))).toBe(true);
      expect(stack.proxy.logs.some((l) => l.includes('"level":"warn"') && l.includes('falling back'))).toBe(true);
      await sleep(500);
      await redis.restart();
      expect(await eventually(() => backend('redis'), 8_000)).toBe(true);
      expect(stack.proxy.logs.some((l) => l.includes('Redis is back'))).toBe(true);
      await sleep(300);
      await load.stop();
      const row = await record(
        'Redis SIGKILL, back after ~0.5 s',
        started,
        load,
        stack.sandbox,
        'fell back to per-replica memory budget (warn log, metric backend="memory" 1), back to Redis on reconnect',
      );
      expect(row.clients.serverErrors).toBe(0);
      expect(row.clients.errors).toEqual({});
    } finally {
      await stack.close();
      await redis.stop();
    }
  });

  it('SIGTERM to the proxy process: requests in flight finish, later ones are refused at connect', async () => {
    const sandbox = await startSandbox({ rateLimitPerMinute: 1_000_000 });
    sandbox.setFaults({ latencyMs: 150 });
    const proxy = await startProxyProcess({
      UPSTREAM_URL: sandbox.url,
      UPSTREAM_TOKEN: sandbox.token,
      UPSTREAM_RATE_LIMIT: '0',
      PROXY_KEYS: JSON.stringify([
        { name: 'w', key: KEYS.writer, scopes: ['assets:read', 'assets:write'], ratePerMinute: 1e6 },
      ]),
    });
    try {
      const started = Date.now();
      const load = startLoad({ api: () => proxy.api, key: KEYS.writer, siteId: SITE, workers: 6, thinkMs: 20 });
      await sleep(1_000);
      // On a busy machine the workers can all be between requests at any one instant: SIGTERM is
      // sent while at least one request through the proxy is under way, so there is one to finish.
      expect(await eventually(() => load.pendingThroughProxy() > 0)).toBe(true);
      const termAt = Date.now();
      proxy.child.kill('SIGTERM');
      expect(await proxy.exited).toBe(0);
      await sleep(300);
      await load.stop();
      const row = await record(
        'proxy SIGTERM (graceful drain)',
        started,
        load,
        sandbox,
        'requests after the listener closed are refused at connect (ECONNREFUSED); a request sent on a pooled keep-alive connection in the instant it is closed is reset (UND_ERR_SOCKET/ECONNRESET), never processed',
      );
      const inFlight = load.outcomes.filter((o) => o.op !== 'upload' && o.sentAt < termAt && o.endedAt >= termAt);
      expect(inFlight.length).toBeGreaterThan(0);
      expect(inFlight.filter((o) => o.status < 200 || o.status >= 300)).toEqual([]);
      expect(row.clients.serverErrors).toBe(0);
      row.notes += `; ${inFlight.length} in flight at SIGTERM, all answered 2xx`;
    } finally {
      proxy.child.kill('SIGKILL');
      await sandbox.close();
    }
  });
});
