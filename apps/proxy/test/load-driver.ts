import { createHash, randomBytes } from 'node:crypto';

/** Where and how hard to drive load. */
export interface LoadOptions {
  /** The API base through the proxy, e.g. `http://127.0.0.1:1234/v2`. */
  api: () => string;
  key: string;
  siteId: string;
  /** Concurrent clients, each sending one request at a time. */
  workers: number;
  /** Pause between a client's requests. */
  thinkMs?: number;
  /** Share of requests that create a folder, and of those that upload an asset (create + POST to storage). */
  mix?: { folders: number; uploads: number };
  timeoutMs?: number;
}

/** One request's outcome: a status, or the transport error a client saw. */
export interface Outcome {
  op: 'create-folder' | 'create-asset' | 'upload' | 'read';
  status: number;
  error?: string;
  /** `Date.now()` when it was sent and when it ended. */
  sentAt: number;
  endedAt: number;
}

/** A load run in progress: what clients saw and which writes were acknowledged. */
export interface LoadRun {
  outcomes: Outcome[];
  /** Folder and asset names whose create was answered 2xx, with the id returned. */
  acknowledged: Map<string, string>;
  /** Names whose create got an error or a non-2xx: they may or may not exist. */
  unacknowledged: Set<string>;
  /** Asset ids whose bytes the storage acknowledged (201), with the size sent. */
  uploaded: Map<string, number>;
  /** Requests to the proxy (not uploads, which go to the storage) sent and not yet answered. */
  pendingThroughProxy(): number;
  stop(): Promise<void>;
}

const errorOf = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as Error).name ?? 'error';
};

/**
 * Runs closed-loop load through the proxy until stopped: `workers` clients, each creating
 * folders, creating and uploading assets (two-step: create through the proxy, POST the form to
 * the returned `uploadUrl` directly, like S3) or reading lists, and keeping a ledger of every
 * acknowledged write so a test can check afterwards that none was lost or duplicated.
 *
 * @example
 * const run = startLoad({ api: () => proxy.api, key, siteId, workers: 4 });
 * await sleep(2_000); await run.stop();
 */
export function startLoad({
  api,
  key,
  siteId,
  workers,
  thinkMs = 5,
  mix = { folders: 0.2, uploads: 0.1 },
  timeoutMs = 10_000,
}: LoadOptions): LoadRun {
  const run: Omit<LoadRun, 'stop' | 'pendingThroughProxy'> = {
    outcomes: [],
    acknowledged: new Map(),
    unacknowledged: new Set(),
    uploaded: new Map(),
  };
  const tag = randomBytes(4).toString('hex');
  let n = 0;
  let running = true;
  let pending = 0;
  const call = async (op: Outcome['op'], url: string, init: RequestInit = {}): Promise<Response | undefined> => {
    const sentAt = Date.now();
    const proxied = op !== 'upload';
    pending += proxied ? 1 : 0;
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      run.outcomes.push({ op, status: res.status, sentAt, endedAt: Date.now() });
      return res;
    } catch (error) {
      run.outcomes.push({ op, status: 0, error: errorOf(error), sentAt, endedAt: Date.now() });
      return undefined;
    } finally {
      pending -= proxied ? 1 : 0;
    }
  };
  const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const create = async (op: 'create-folder' | 'create-asset', path: string, name: string, body: object) => {
    const res = await call(op, `${api()}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
    let json: { id?: string; uploadUrl?: string; uploadDetails?: Record<string, string> } | undefined;
    if (res?.ok) {
      json = await res.json();
    } else {
      await res?.arrayBuffer();
    }
    if (json?.id) {
      run.acknowledged.set(name, json.id);
    } else {
      run.unacknowledged.add(name);
    }
    return json;
  };
  const upload = async (name: string) => {
    const bytes = randomBytes(64 + Math.floor(Math.random() * 512));
    const fileHash = createHash('md5').update(bytes).digest('hex');
    const created = await create('create-asset', `/sites/${siteId}/assets`, name, { fileName: name, fileHash });
    if (!created?.uploadUrl) {
      return;
    }
    const form = new FormData();
    for (const [field, value] of Object.entries(created.uploadDetails ?? {})) {
      form.append(field, value);
    }
    form.append('file', new Blob([bytes], { type: 'text/plain' }), name);
    const res = await call('upload', created.uploadUrl, { method: 'POST', body: form });
    await res?.arrayBuffer();
    if (res?.status === 201) {
      run.uploaded.set(created.id as string, bytes.length);
    }
  };
  const worker = async () => {
    while (running) {
      const roll = Math.random();
      const name = `load-${tag}-${++n}`;
      if (roll < mix.folders) {
        await create('create-folder', `/sites/${siteId}/asset_folders`, name, { displayName: name });
      } else if (roll < mix.folders + mix.uploads) {
        await upload(`${name}.txt`);
      } else {
        const path = roll < 0.7 ? `/sites/${siteId}/asset_folders` : `/sites/${siteId}/assets?limit=5`;
        const res = await call('read', `${api()}${path}`, { headers: auth });
        await res?.arrayBuffer();
      }
      await new Promise((r) => setTimeout(r, thinkMs));
    }
  };
  const all = Array.from({ length: workers }, worker);
  return {
    ...run,
    pendingThroughProxy: () => pending,
    async stop() {
      running = false;
      await Promise.all(all);
    },
  };
}
