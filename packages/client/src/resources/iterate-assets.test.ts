import { describe, expect, it } from 'vitest';
import type { AssetList, AssetListItem, ListAssetsQuery } from '../api-types.js';
import { iterateAssets } from './iterate-assets.js';

const item = (n: number) => ({ id: String(n) }) as unknown as AssetListItem;

/** A list endpoint over `total` items that answers at most `cap` per page (a server-side limit). */
function pages(total: number, cap = 100) {
  const calls: ListAssetsQuery[] = [];
  const listPage = async (query: ListAssetsQuery): Promise<AssetList> => {
    calls.push({ offset: query.offset, limit: query.limit });
    const offset = query.offset ?? 0;
    const limit = Math.min(query.limit ?? 100, cap);
    const assets = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => item(offset + i));
    return { assets, pagination: { offset, limit, total } };
  };
  return { calls, listPage };
}

async function collect(iterator: AsyncIterable<AssetListItem>) {
  const ids: string[] = [];
  for await (const asset of iterator) {
    ids.push(asset.id);
  }
  return ids;
}

// The sandbox-backed tests cover the same cases end to end; these pin the exact request sequence.
describe('iterateAssets', () => {
  it.each([
    ['no assets', 0, 10, 1],
    ['one asset', 1, 10, 1],
    ['exactly one full page', 10, 10, 1],
    ['a partial last page', 25, 10, 3],
    ['exactly three full pages', 30, 10, 3],
  ])('walks %s with the fewest requests', async (_name, total, pageSize, requests) => {
    const { calls, listPage } = pages(total);
    const ids = await collect(iterateAssets(listPage, { pageSize }));
    expect(ids).toEqual(Array.from({ length: total }, (_, i) => String(i)));
    expect(calls).toHaveLength(requests);
    expect(calls.map((c) => c.offset)).toEqual(Array.from({ length: requests }, (_, i) => i * pageSize));
  });

  it('follows a server that returns fewer items than asked until total is reached', async () => {
    const { calls, listPage } = pages(7, 3);
    expect(await collect(iterateAssets(listPage, { pageSize: 100 }))).toHaveLength(7);
    expect(calls.map((c) => c.offset)).toEqual([0, 3, 6]);
  });

  it('stops at an empty page even when total promised more (items deleted meanwhile)', async () => {
    const calls: number[] = [];
    const listPage = async (query: ListAssetsQuery): Promise<AssetList> => {
      calls.push(query.offset ?? 0);
      const assets = query.offset === 0 ? [item(0), item(1)] : [];
      return { assets, pagination: { offset: query.offset ?? 0, limit: 2, total: 5 } };
    };
    expect(await collect(iterateAssets(listPage, { pageSize: 2 }))).toEqual(['0', '1']);
    expect(calls).toEqual([0, 2]);
  });

  it('passes the filters and call options to every page', async () => {
    const seen: unknown[] = [];
    const signal = new AbortController().signal;
    const listPage = async (query: ListAssetsQuery & { signal?: AbortSignal }): Promise<AssetList> => {
      seen.push(query);
      return { assets: [], pagination: { offset: 0, limit: 5, total: 0 } };
    };
    await collect(iterateAssets(listPage, { folderId: 'f', localeId: 'l', pageSize: 5, signal }));
    expect(seen).toEqual([{ folderId: 'f', localeId: 'l', signal, offset: 0, limit: 5 }]);
  });

  it.each([0, 101, 2.5])('rejects pageSize %d', async (pageSize) => {
    const { listPage } = pages(1);
    await expect(collect(iterateAssets(listPage, { pageSize }))).rejects.toThrow(
      /pageSize must be an integer from 1 to 100/,
    );
  });
});
