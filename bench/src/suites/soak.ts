import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAssetsClient } from '@assetkit/client';
import { startSandbox } from '@assetkit/sandbox';
import { percentile } from '../percentile.js';
import { spawnServer } from '../proxy/processes.js';
import { checkLedger, type LedgerCheck, sampleProcess, slope } from '../soak/soak-check.js';
import { startSoakLoad } from '../soak/soak-load.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const SOAK_KEY = 'soak-key-0123456789abcdef';

/** One sample of the proxy process. */
interface Sample {
  atSeconds: number;
  rssMb: number;
  sockets: number;
  fds: number;
  operations: number;
}

/** What `pnpm bench soak` reports (also `bench/results/soak.json`). */
export interface SoakResult {
  durationSeconds: number;
  targetRatePerSecond: number;
  operations: number;
  achievedRatePerSecond: number;
  /** HTTP requests sent (an upload is three: create, storage POST, get). */
  httpRequests: number;
  skippedForBackpressure: number;
  byOperation: Record<string, Record<string, number>>;
  latencyMs: { p50: number; p99: number; max: number };
  writes: LedgerCheck;
  proxy: {
    rssMb: { start: number; end: number; peak: number; slopePerMinute: number; slopePerMinuteAfterWarmup: number };
    sockets: { start: number; end: number; peak: number; slopePerMinute: number };
    fdsEnd: number;
  };
  machine: { node: string; cpus: number; loadAverage: number[] };
  samples: Sample[];
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * The bounded soak: the real proxy (`apps/proxy/dist/main.js`, its own process) in front of an
 * in-process sandbox, on 127.0.0.1 only, driven at a fixed rate by `@assetkit/client` with reads,
 * uploads, renames and folder creation for `seconds`; then every acknowledged write is checked
 * against the sandbox, and the proxy's RSS and open sockets are fitted to a line.
 *
 * @example
 * const result = await soak({ seconds: 600, ratePerSecond: 40 });
 */
export async function soak({
  seconds,
  ratePerSecond,
  sampleEverySeconds = 5,
  log = (line: string) => process.stdout.write(`${line}\n`),
}: {
  seconds: number;
  ratePerSecond: number;
  sampleEverySeconds?: number;
  log?: (line: string) => void;
}): Promise<SoakResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'assetkit-soak-'));
  const sandbox = await startSandbox({ dataDir, rateLimitPerMinute: 10_000_000 });
  const proxy = await spawnServer('assetkit', process.execPath, [join(repo, 'apps/proxy/dist/main.js')], {
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      UPSTREAM_URL: sandbox.url,
      UPSTREAM_TOKEN: sandbox.token,
      UPSTREAM_RATE_LIMIT: '0',
      PROXY_KEYS: JSON.stringify([
        { name: 'soak', key: SOAK_KEY, scopes: ['assets:read', 'assets:write'], ratePerMinute: 10_000_000 },
      ]),
      LOG_LEVEL: 'warn',
    },
  });
  const pid = proxy.child.pid as number;
  const client = createAssetsClient({ baseUrl: `http://127.0.0.1:${proxy.port}/v2`, token: SOAK_KEY, retry: false });
  const started = Date.now();
  const samples: Sample[] = [];
  const sample = () =>
    samples.push({ atSeconds: (Date.now() - started) / 1000, operations: load.outcomes.length, ...sampleProcess(pid) });
  const load = startSoakLoad(client, sandbox.siteId, { ratePerSecond, maxInFlight: 64 });
  sample();
  const sampler = setInterval(() => {
    sample();
    const last = samples.at(-1) as Sample;
    if (samples.length % Math.round(60 / sampleEverySeconds) === 0) {
      log(
        `  ${Math.round(last.atSeconds)} s: ${last.operations} operations, proxy RSS ${round(last.rssMb, 1)} MB, ${last.sockets} sockets`,
      );
    }
  }, sampleEverySeconds * 1000);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  await load.stop();
  clearInterval(sampler);
  await new Promise((r) => setTimeout(r, 1_000));
  sample();
  const writes = await checkLedger({ url: sandbox.url, token: sandbox.token, siteId: sandbox.siteId }, load.ledger);
  await proxy.stop();
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });

  const byOperation: Record<string, Record<string, number>> = {};
  for (const o of load.outcomes) {
    byOperation[o.op] ??= {};
    (byOperation[o.op] as Record<string, number>)[o.result] =
      ((byOperation[o.op] as Record<string, number>)[o.result] ?? 0) + 1;
  }
  const latencies = load.outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const uploads = load.outcomes.filter((o) => o.op === 'upload' && o.result === 'ok').length;
  const perMinute = (pick: (s: Sample) => number, from = 0) =>
    slope(samples.filter((s) => s.atSeconds >= from).map((s) => [s.atSeconds / 60, pick(s)] as const));
  const rss = samples.map((s) => s.rssMb);
  const sockets = samples.map((s) => s.sockets);
  return {
    durationSeconds: round((Date.now() - started) / 1000, 1),
    targetRatePerSecond: ratePerSecond,
    operations: load.outcomes.length,
    achievedRatePerSecond: round(load.outcomes.length / seconds, 1),
    httpRequests: load.outcomes.length + 2 * uploads,
    skippedForBackpressure: load.skipped,
    byOperation,
    latencyMs: {
      p50: round(percentile(latencies, 0.5) ?? 0),
      p99: round(percentile(latencies, 0.99) ?? 0),
      max: round(latencies.at(-1) ?? 0),
    },
    writes,
    proxy: {
      rssMb: {
        start: round(rss[0] ?? 0, 1),
        end: round(rss.at(-1) ?? 0, 1),
        peak: round(Math.max(...rss), 1),
        slopePerMinute: round(
          perMinute((s) => s.rssMb),
          3,
        ),
        // The first fifth (at most two minutes) is warm-up: JIT, caches, pools filling.
        slopePerMinuteAfterWarmup: round(
          perMinute((s) => s.rssMb, Math.min(120, seconds / 5)),
          3,
        ),
      },
      sockets: {
        start: sockets[0] ?? 0,
        end: sockets.at(-1) ?? 0,
        peak: Math.max(...sockets),
        slopePerMinute: round(
          perMinute((s) => s.sockets),
          3,
        ),
      },
      fdsEnd: samples.at(-1)?.fds ?? 0,
    },
    machine: {
      node: process.version,
      cpus: cpus().length,
      loadAverage: (await import('node:os')).loadavg().map((l) => round(l)),
    },
    samples,
  };
}

/** The soak's figures as a Markdown table. */
export function soakTable(r: SoakResult): string {
  const errors = Object.entries(r.byOperation)
    .flatMap(([op, results]) =>
      Object.entries(results)
        .filter(([k]) => k !== 'ok')
        .map(([k, n]) => `${op} ${k}×${n}`),
    )
    .join(', ');
  return [
    '| figure | value |',
    '|---|---:|',
    `| duration | ${r.durationSeconds} s at ${r.targetRatePerSecond} operations/s (achieved ${r.achievedRatePerSecond}/s) |`,
    `| operations (HTTP requests) | ${r.operations} (${r.httpRequests}) |`,
    `| failed operations | ${errors || '0'} |`,
    `| latency p50 / p99 / max | ${r.latencyMs.p50} / ${r.latencyMs.p99} / ${r.latencyMs.max} ms |`,
    `| writes acknowledged (folders, uploads, renames) | ${r.writes.foldersAcknowledged}, ${r.writes.uploadsAcknowledged}, ${r.writes.patchesAcknowledged} |`,
    `| writes lost / duplicated | ${r.writes.lost.length} / ${r.writes.duplicated.length} |`,
    `| proxy RSS start → end (peak) | ${r.proxy.rssMb.start} → ${r.proxy.rssMb.end} MB (${r.proxy.rssMb.peak}) |`,
    `| proxy RSS slope (whole run / after warm-up) | ${r.proxy.rssMb.slopePerMinute} / ${r.proxy.rssMb.slopePerMinuteAfterWarmup} MB/min |`,
    `| proxy open sockets start → end (peak), slope | ${r.proxy.sockets.start} → ${r.proxy.sockets.end} (${r.proxy.sockets.peak}), ${r.proxy.sockets.slopePerMinute}/min |`,
  ].join('\n');
}
