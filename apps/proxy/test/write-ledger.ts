import type { LoadRun, Outcome } from './load-driver.js';

/** What happened to the writes of a load run, checked against the upstream's own lists. */
export interface WriteCheck {
  acknowledged: number;
  /** Acknowledged (2xx) writes missing afterwards: must be empty. */
  lost: string[];
  /** Names present more than once: must be empty. */
  duplicated: string[];
  /** Writes whose client saw an error but which were applied anyway (a retry would duplicate them). */
  appliedUnacknowledged: number;
  /** Uploads acknowledged by storage whose asset does not have the bytes' size. */
  uploadsWrong: string[];
  uploadsAcknowledged: number;
}

/** Where to read the truth: the upstream itself, not through the proxy. */
export interface Upstream {
  url: string;
  token: string;
  siteId: string;
}

async function getJson(upstream: Upstream, path: string) {
  const res = await fetch(`${upstream.url}/v2${path}`, { headers: { authorization: `Bearer ${upstream.token}` } });
  if (!res.ok) {
    throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  }
  return res.json();
}

/** Every folder (by display name) and asset (by original file name) of the site. */
async function everything(upstream: Upstream): Promise<Array<{ id: string; name: string; size?: number }>> {
  const folders = (await getJson(upstream, `/sites/${upstream.siteId}/asset_folders`)).assetFolders as Array<{
    id: string;
    displayName: string;
  }>;
  const assets: Array<{ id: string; originalFileName: string; size: number }> = [];
  for (let offset = 0; ; offset += 100) {
    const page = await getJson(upstream, `/sites/${upstream.siteId}/assets?limit=100&offset=${offset}`);
    assets.push(...page.assets);
    if (page.assets.length < 100) {
      break;
    }
  }
  return [
    ...folders.map((f) => ({ id: f.id, name: f.displayName })),
    ...assets.map((a) => ({ id: a.id, name: a.originalFileName, size: a.size })),
  ];
}

/**
 * Checks a finished load run against the upstream: every acknowledged write is there with the
 * id the client was given, nothing is there twice, and every upload storage acknowledged has
 * its size.
 *
 * @example
 * const check = await checkWrites(run, { url: sandbox.url, token: sandbox.token, siteId });
 * expect(check.lost).toEqual([]);
 */
export async function checkWrites(run: LoadRun, upstream: Upstream): Promise<WriteCheck> {
  const present = await everything(upstream);
  const byName = new Map<string, Array<{ id: string; size?: number }>>();
  for (const item of present) {
    byName.set(item.name, [...(byName.get(item.name) ?? []), item]);
  }
  const byId = new Map(present.map((item) => [item.id, item]));
  const lost = [...run.acknowledged].filter(([name, id]) => !byName.get(name)?.some((item) => item.id === id));
  const ours = (name: string) => run.acknowledged.has(name) || run.unacknowledged.has(name);
  return {
    acknowledged: run.acknowledged.size,
    lost: lost.map(([name]) => name),
    duplicated: [...byName].filter(([name, items]) => ours(name) && items.length > 1).map(([name]) => name),
    appliedUnacknowledged: [...run.unacknowledged].filter((name) => byName.has(name)).length,
    uploadsAcknowledged: run.uploaded.size,
    uploadsWrong: [...run.uploaded].filter(([id, size]) => byId.get(id)?.size !== size).map(([id]) => id),
  };
}

/** Counts of what clients saw: statuses, and transport errors by operation (`upload ECONNRESET`). */
export function tallyOutcomes(outcomes: readonly Outcome[]) {
  const byStatus: Record<string, number> = {};
  const errors: Record<string, number> = {};
  for (const o of outcomes) {
    if (o.error) {
      const key = `${o.op} ${o.error}`;
      errors[key] = (errors[key] ?? 0) + 1;
    } else {
      byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
    }
  }
  const ok = outcomes.filter((o) => o.status >= 200 && o.status < 300).length;
  const serverErrors = outcomes.filter((o) => o.status >= 500).length;
  return { requests: outcomes.length, ok, serverErrors, byStatus, errors };
}
