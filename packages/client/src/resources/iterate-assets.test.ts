import { describe, expect, it } from 'vitest';
import { startLocalServer } from '../../test/local-server.js';
import type { AssetList, AssetListItem, ListAssetsQuery } from '../api-types.js';
import { AssetsResponseValidationError, createAssetsClient } from '../index.js';
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

// Found in review: without validateResponses, a page without `pagination.total` from a server that
// ignores `offset` was asked for again and again without end, and a page without `assets` was a
// bare TypeError (`Cannot read properties of undefined`).
describe('assets.iterate against a server whose pages it cannot walk on', () => {
  const asset = { id: '65f0a1b2c3d4e5f6a7b8c9ff', displayName: 'a.png' };
  it.each([
    [
      'no pagination.total',
      { assets: [asset], pagination: { offset: 0, limit: 100 } },
      '/pagination/total',
      'must be an integer >= 0, got nothing (it is missing)',
    ],
    [
      'total as a string',
      { assets: [asset], pagination: { offset: 0, limit: 100, total: '9' } },
      '/pagination/total',
      'must be an integer >= 0, got a string ("9")',
    ],
    ['no pagination', { assets: [asset] }, '/pagination', 'must be an object with total, got nothing (it is missing)'],
    [
      'no assets',
      { pagination: { offset: 0, limit: 100, total: 5 } },
      '/assets',
      'must be an array, got nothing (it is missing)',
    ],
    [
      'assets as an object',
      { assets: {}, pagination: { offset: 0, limit: 100, total: 5 } },
      '/assets',
      'must be an array, got an object ({})',
    ],
  ])('%s: an AssetsResponseValidationError after one request', async (_name, page, pointer, message) => {
    // Every request gets the same page, whatever its offset.
    let requests = 0;
    const local = await startLocalServer((req, res) => {
      requests++;
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
    });
    try {
      const client = createAssetsClient({ baseUrl: local.baseUrl, token: 't', retry: false });
      const walked: string[] = [];
      const walk = async () => {
        for await (const item of client.assets.iterate('65f0a1b2c3d4e5f6a7b8c9d0')) {
          walked.push(item.id);
          if (walked.length > 10) {
            throw new Error('the walk did not end');
          }
        }
      };
      const error = await walk().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AssetsResponseValidationError);
      expect((error as AssetsResponseValidationError).violations).toEqual([
        expect.objectContaining({ location: 'response.body', pointer, message }),
      ]);
      expect((error as Error).message).toBe(
        `list-assets answered 200 with a response that breaks the contract:\n  response.body ${pointer}: ${message}`,
      );
      expect(walked).toEqual([]);
      expect(requests).toBe(1);
    } finally {
      await local.close();
    }
  });
});

// Found in review: a server that ignores `offset` (Webflow's list did, before it took paging
// parameters: js-webflow-api issue #280) answered every page with the first one, and the walk
// yielded it again and again until `offset` reached `total`: 1000 copies of 2 assets, 500 requests.
describe('assets.iterate against a server that ignores offset', () => {
  it('ends with an AssetsResponseValidationError at the first page that is not the one asked for', async () => {
    const first = [{ id: '65f0a1b2c3d4e5f6a7b8c9f1' }, { id: '65f0a1b2c3d4e5f6a7b8c9f2' }];
    const offsets: (string | null)[] = [];
    const local = await startLocalServer((req, res) => {
      offsets.push(new URL(req.url ?? '/', 'http://x').searchParams.get('offset'));
      req.resume();
      const page = { assets: first, pagination: { offset: 0, limit: 2, total: 1000 } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
    });
    try {
      const client = createAssetsClient({ baseUrl: local.baseUrl, token: 't', retry: false });
      const walked: string[] = [];
      const error = await (async () => {
        for await (const item of client.assets.iterate('65f0a1b2c3d4e5f6a7b8c9d0', { pageSize: 2 })) {
          walked.push(item.id);
        }
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(walked).toEqual(first.map((a) => a.id));
      expect(offsets).toEqual(['0', '2']);
      expect(error).toBeInstanceOf(AssetsResponseValidationError);
      expect((error as AssetsResponseValidationError).violations).toEqual([
        expect.objectContaining({
          location: 'response.body',
          pointer: '/pagination/offset',
          message: 'must be the offset asked for (2), got 0: the server did not answer with the page asked for',
        }),
      ]);
    } finally {
      await local.close();
    }
  });
});
