import { randomBytes } from 'node:crypto';
import type { AssetsClient } from '@assetkit/client';

/** One finished operation: what the client saw and how long it took. */
export interface SoakOutcome {
  op: string;
  /** `ok`, an HTTP status, or a transport error code. */
  result: string;
  ms: number;
}

/** The writes the clients were told succeeded, to check against the upstream at the end. */
export interface SoakLedger {
  /** Folder display name → id. */
  folders: Map<string, string>;
  /** Asset file name → id and byte size (upload finished: create, storage POST, get). */
  assets: Map<string, { id: string; size: number }>;
  /** Asset id → the display name of its last acknowledged patch (unset when the last one failed). */
  patched: Map<string, string | undefined>;
  /** Names whose create failed (they may or may not exist). */
  failed: Set<string>;
}

/** A fixed-rate load in progress. */
export interface SoakLoad {
  outcomes: SoakOutcome[];
  ledger: SoakLedger;
  /** Requests not sent because too many were in flight (the client is the bottleneck). */
  skipped: number;
  inFlight(): number;
  stop(): Promise<void>;
}

function resultOf(error: unknown): string {
  const e = error as { status?: number; cause?: { code?: string }; code?: string; name?: string };
  return String(e.status ?? e.cause?.code ?? e.code ?? e.name ?? 'error');
}

/**
 * Sends operations at a fixed rate (open loop: a slow answer does not slow the schedule) with a
 * mix of reads (55 %), asset uploads through the client's two-step `upload()` (12 %), renames of
 * uploaded assets (25 %, one in flight per asset), folder creation (3 %) and folder reads (5 %),
 * keeping a ledger of every acknowledged write.
 *
 * @example
 * const load = startSoakLoad(client, siteId, { ratePerSecond: 40, maxInFlight: 64 });
 */
export function startSoakLoad(
  client: AssetsClient,
  siteId: string,
  { ratePerSecond, maxInFlight }: { ratePerSecond: number; maxInFlight: number },
): SoakLoad {
  const ledger: SoakLedger = { folders: new Map(), assets: new Map(), patched: new Map(), failed: new Set() };
  const outcomes: SoakOutcome[] = [];
  const tag = randomBytes(3).toString('hex');
  const busy = new Set<string>();
  const pending = new Set<Promise<void>>();
  let n = 0;
  let skipped = 0;
  const timed = async (op: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    let result = 'ok';
    try {
      await work();
    } catch (error) {
      result = resultOf(error);
    }
    outcomes.push({ op, result, ms: performance.now() - started });
    return result === 'ok';
  };
  const ops: Array<[number, () => Promise<unknown>]> = [
    [
      0.3,
      () =>
        timed('list-assets', () => client.assets.list(siteId, { limit: 20, offset: Math.floor(Math.random() * 50) })),
    ],
    [
      0.55,
      () => timed('get-asset', () => client.assets.get(pickAsset() ?? 'ffffffffffffffffffffffff').catch(ignore404)),
    ],
    [0.67, () => upload(`soak-${tag}-${++n}.txt`)],
    [0.92, () => rename()],
    [0.95, () => createFolder(`soak-${tag}-${++n}`)],
    [1, () => timed('list-asset-folders', () => client.folders.list(siteId))],
  ];
  const ids = () => [...ledger.assets.values()];
  function pickAsset(): string | undefined {
    const all = ids();
    return all[Math.floor(Math.random() * all.length)]?.id;
  }
  function ignore404(error: { status?: number }) {
    if (error.status !== 404) {
      throw error;
    }
  }
  async function upload(fileName: string) {
    const data = randomBytes(100 + Math.floor(Math.random() * 2_000));
    let id: string | undefined;
    const ok = await timed('upload', async () => {
      id = (await client.assets.upload(siteId, { data, fileName, contentType: 'text/plain' })).id;
    });
    if (ok && id) {
      ledger.assets.set(fileName, { id, size: data.length });
    } else {
      ledger.failed.add(fileName);
    }
  }
  async function rename() {
    const free = ids().filter((a) => !busy.has(a.id));
    const id = free[Math.floor(Math.random() * free.length)]?.id;
    if (!id) {
      return;
    }
    busy.add(id);
    const displayName = `renamed-${tag}-${++n}`;
    const ok = await timed('patch-asset', () => client.assets.update(id, { displayName }));
    ledger.patched.set(id, ok ? displayName : undefined);
    busy.delete(id);
  }
  async function createFolder(displayName: string) {
    let id: string | undefined;
    const ok = await timed('create-asset-folder', async () => {
      id = (await client.folders.create(siteId, { displayName })).id;
    });
    if (ok && id) {
      ledger.folders.set(displayName, id);
    } else {
      ledger.failed.add(displayName);
    }
  }
  const tick = setInterval(() => {
    if (pending.size >= maxInFlight) {
      skipped++;
      return;
    }
    const roll = Math.random();
    const op = ops.find(([upTo]) => roll < upTo)?.[1] as () => Promise<unknown>;
    const p = op().then(() => undefined);
    pending.add(p);
    p.finally(() => pending.delete(p));
  }, 1000 / ratePerSecond);
  return {
    outcomes,
    ledger,
    get skipped() {
      return skipped;
    },
    inFlight: () => pending.size,
    async stop() {
      clearInterval(tick);
      await Promise.all(pending);
    },
  };
}
