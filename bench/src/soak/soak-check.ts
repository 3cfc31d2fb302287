import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { SoakLedger } from './soak-load.js';

/** Where to read the truth after a soak: the upstream directly, not through the proxy. */
export interface Truth {
  url: string;
  token: string;
  siteId: string;
}

/** What became of the acknowledged writes. */
export interface LedgerCheck {
  foldersAcknowledged: number;
  uploadsAcknowledged: number;
  patchesAcknowledged: number;
  /** Acknowledged writes missing or different afterwards (must be 0). */
  lost: string[];
  /** Names we created that exist more than once (must be 0). */
  duplicated: string[];
  /** Creates whose client saw an error but which exist anyway. */
  appliedButFailed: number;
}

async function getJson(truth: Truth, path: string) {
  const res = await fetch(`${truth.url}/v2${path}`, { headers: { authorization: `Bearer ${truth.token}` } });
  if (!res.ok) {
    throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  }
  return res.json();
}

/**
 * Compares the ledger of acknowledged writes with what the upstream holds: every folder and
 * asset there once with the id the client got, every upload with its size, every asset with
 * the display name of its last acknowledged rename.
 */
export async function checkLedger(truth: Truth, ledger: SoakLedger): Promise<LedgerCheck> {
  const folders: Array<{ id: string; displayName: string }> = (
    await getJson(truth, `/sites/${truth.siteId}/asset_folders`)
  ).assetFolders;
  const assets: Array<{ id: string; originalFileName: string; displayName: string; size: number }> = [];
  for (let offset = 0; ; offset += 100) {
    const page = await getJson(truth, `/sites/${truth.siteId}/assets?limit=100&offset=${offset}`);
    assets.push(...page.assets);
    if (page.assets.length < 100) {
      break;
    }
  }
  const count = new Map<string, number>();
  for (const name of [...folders.map((f) => f.displayName), ...assets.map((a) => a.originalFileName)]) {
    count.set(name, (count.get(name) ?? 0) + 1);
  }
  const folderById = new Map(folders.map((f) => [f.id, f]));
  const assetById = new Map(assets.map((a) => [a.id, a]));
  const lost = [
    ...[...ledger.folders].filter(([name, id]) => folderById.get(id)?.displayName !== name).map(([n]) => `folder ${n}`),
    ...[...ledger.assets]
      .filter(
        ([name, { id, size }]) => assetById.get(id)?.originalFileName !== name || assetById.get(id)?.size !== size,
      )
      .map(([n]) => `asset ${n}`),
    ...[...ledger.patched]
      .filter(([id, displayName]) => displayName !== undefined && assetById.get(id)?.displayName !== displayName)
      .map(([id]) => `rename of ${id}`),
  ];
  const ours = new Set([...ledger.folders.keys(), ...ledger.assets.keys(), ...ledger.failed]);
  return {
    foldersAcknowledged: ledger.folders.size,
    uploadsAcknowledged: ledger.assets.size,
    patchesAcknowledged: [...ledger.patched.values()].filter((v) => v !== undefined).length,
    lost,
    duplicated: [...count].filter(([name, n]) => ours.has(name) && n > 1).map(([name]) => name),
    appliedButFailed: [...ledger.failed].filter((name) => count.has(name)).length,
  };
}

/** Resident memory (MB), open sockets and open file descriptors of a process (Linux `/proc`). */
export function sampleProcess(pid: number): { rssMb: number; sockets: number; fds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const fds = readdirSync(`/proc/${pid}/fd`);
  let sockets = 0;
  for (const fd of fds) {
    try {
      sockets += readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:') ? 1 : 0;
    } catch {
      // closed between listing and reading
    }
  }
  return { rssMb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024, sockets, fds: fds.length };
}

/** Least-squares slope of `y` per unit of `x`. */
export function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) {
    return 0;
  }
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}
