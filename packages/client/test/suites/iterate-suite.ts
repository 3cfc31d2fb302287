import { describe, expect, it } from 'vitest';
import type { AssetsClient } from '../../src/index.js';
import { md5Hex } from '../../src/upload/md5.js';
import {
  clientFor,
  freshFolder,
  requestsFor,
  type StartTarget,
  type Target,
  uniquePng,
  useTarget,
} from '../helpers.js';

/** Creates `count` assets in a folder (metadata only: a created asset is listed before its bytes arrive). */
async function fill(client: AssetsClient, target: Target, folderId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await client.assets.create(target.siteId, {
      fileName: `item-${i}.png`,
      fileHash: md5Hex(uniquePng()),
      parentFolder: folderId,
    });
    ids.push(created.id);
  }
  return ids;
}

async function collect(iterator: AsyncIterable<{ id: string }>): Promise<string[]> {
  const ids: string[] = [];
  for await (const asset of iterator) {
    ids.push(asset.id);
  }
  return ids;
}

/**
 * `client.assets.iterate`: every asset exactly once, page by page, against a real target.
 *
 * @example
 * describeIterate(startSandboxTarget);
 */
export function describeIterate(start: StartTarget) {
  describe('client.assets.iterate', () => {
    const target = useTarget(start);

    it.each([
      ['no assets', 0, 3, 1],
      ['one asset', 1, 100, 1],
      ['exactly one full page', 3, 3, 1],
      ['a partial last page', 5, 3, 2],
      ['many pages of a small page size', 7, 2, 4],
    ])('yields every asset of a folder holding %s', async (_name, count, pageSize, requests) => {
      const client = clientFor(target());
      const folder = await freshFolder(client, target());
      const ids = await fill(client, target(), folder.id, count);
      target().sandbox.requests.clear();
      const seen = await collect(client.assets.iterate(target().siteId, { folderId: folder.id, pageSize }));
      expect(seen).toEqual(ids);
      const lists = requestsFor(target(), 'list-assets');
      expect(lists).toHaveLength(requests);
      expect(lists.map((entry) => new URLSearchParams(entry.query).get('offset'))).toEqual(
        Array.from({ length: requests }, (_, i) => String(i * pageSize)),
      );
    });

    it('filters by folder, including descendant folders, and leaves the rest out', async () => {
      const client = clientFor(target());
      const parent = await freshFolder(client, target());
      const child = await freshFolder(client, target(), parent.id);
      const outside = await freshFolder(client, target());
      const inParent = await fill(client, target(), parent.id, 2);
      const inChild = await fill(client, target(), child.id, 2);
      await fill(client, target(), outside.id, 1);
      const seen = await collect(client.assets.iterate(target().siteId, { folderId: parent.id, pageSize: 3 }));
      expect(seen.sort()).toEqual([...inParent, ...inChild].sort());
    });

    it("walks the whole site, matching list-assets' total", async () => {
      const client = clientFor(target());
      const { pagination } = await client.assets.list(target().siteId, { limit: 1 });
      const seen = await collect(client.assets.iterate(target().siteId, { pageSize: 4 }));
      expect(seen).toHaveLength(pagination.total);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('passes localeId on every page, so altText is the locale one', async () => {
      const client = clientFor(target());
      const folder = await freshFolder(client, target());
      const [id] = await fill(client, target(), folder.id, 1);
      await client.assets.update(id as string, { altText: 'Texte' }, { localeId: target().localeId });
      const items = [];
      for await (const item of client.assets.iterate(target().siteId, {
        folderId: folder.id,
        localeId: target().localeId,
      })) {
        items.push(item);
      }
      expect(items.map((item) => item.altText)).toEqual(['Texte']);
    });
  });
}
