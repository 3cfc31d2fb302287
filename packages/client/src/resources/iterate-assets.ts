import type { AssetList, AssetListItem, ListAssetsQuery } from '../api-types.js';
import type { CallOptions } from './call.js';

/**
 * What `assets.iterate` filters by, and how big its pages are.
 *
 * @example
 * const query: IterateQuery = { folderId, localeId, pageSize: 50 };
 */
export interface IterateQuery {
  /** Only assets in this folder and its descendants. */
  folderId?: ListAssetsQuery['folderId'];
  /** The locale whose `altText` the assets carry. */
  localeId?: ListAssetsQuery['localeId'];
  /** Assets per request, 1–100 (default 100, the API's maximum). */
  pageSize?: number;
}

/**
 * Walks every page of `list-assets` by `offset`, yielding assets one by one. It stops at an empty
 * page or once `offset` reaches `pagination.total`, so a partial or empty last page ends the walk
 * without an extra request, and a server that returns fewer items than asked (a lower limit cap)
 * is still followed to the end.
 *
 * @example
 * for await (const asset of iterateAssets((query) => client.assets.list(siteId, query), { pageSize: 50 })) {
 *   console.log(asset.displayName);
 * }
 */
export async function* iterateAssets(
  listPage: (query: ListAssetsQuery & CallOptions) => Promise<AssetList>,
  { pageSize = 100, ...rest }: IterateQuery & CallOptions = {},
): AsyncIterableIterator<AssetListItem> {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    throw new RangeError(
      `pageSize must be an integer from 1 to 100, got ${typeof pageSize === 'string' ? JSON.stringify(pageSize) : String(pageSize)}`,
    );
  }
  let offset = 0;
  for (;;) {
    const page = await listPage({ ...rest, offset, limit: pageSize });
    yield* page.assets;
    offset += page.assets.length;
    if (page.assets.length === 0 || offset >= page.pagination.total) {
      return;
    }
  }
}
