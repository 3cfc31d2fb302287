import type { Violation } from '@assetkit/contract';
import type { AssetList, AssetListItem, ListAssetsQuery } from '../api-types.js';
import { bodyViolation, jsonExcerpt, jsonKind } from '../errors/body-problems.js';
import { AssetsResponseValidationError } from '../errors/response-validation-error.js';
import { checkCallOptions, MAX_PAGE_SIZE } from '../options/call-options.js';
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

/** What a JSON value is, for a message: `nothing (it is missing)`, `a string ("5")`. */
function shown(value: unknown): string {
  return value === undefined ? 'nothing (it is missing)' : `${jsonKind(value)} (${jsonExcerpt(value)})`;
}

/**
 * Why a page cannot be walked on, or `undefined`. `list` returns any object unchecked (without
 * `validateResponses`), but the walk needs `assets` and `pagination.total`: without this a page
 * missing `assets` was a bare TypeError, and one missing `total` from a server that ignores
 * `offset` was requested again and again without end. A `pagination.offset` other than the one
 * asked for is a server that ignored it: its first page again, which the walk would yield again
 * and again until `total` (a page without `offset` is walked on, as nothing says otherwise).
 */
function pageProblem(page: AssetList, askedOffset: number): Violation | undefined {
  const { assets, pagination } = page as Partial<Record<keyof AssetList, unknown>>;
  if (!Array.isArray(assets)) {
    return bodyViolation('/assets', `must be an array, got ${shown(assets)}`);
  }
  const total = (pagination as { total?: unknown } | null | undefined)?.total;
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 0) {
    const pointer = typeof pagination === 'object' && pagination !== null ? '/pagination/total' : '/pagination';
    const wanted = pointer === '/pagination' ? 'an object with total' : 'an integer >= 0';
    const got = pointer === '/pagination' ? pagination : total;
    return bodyViolation(pointer, `must be ${wanted}, got ${shown(got)}`);
  }
  const offset = (pagination as { offset?: unknown }).offset;
  if (typeof offset === 'number' && offset !== askedOffset) {
    return bodyViolation(
      '/pagination/offset',
      `must be the offset asked for (${askedOffset}), got ${offset}: the server did not answer with the page asked for`,
    );
  }
  return undefined;
}

/**
 * Walks every page of `list-assets` by `offset`, yielding assets one by one. It stops at an empty
 * page or once `offset` reaches `pagination.total`, so a partial or empty last page ends the walk
 * without an extra request, and a server that returns fewer items than asked (a lower limit cap)
 * is still followed to the end. A page without an `assets` array or a whole-number
 * `pagination.total`, or whose `pagination.offset` is not the one asked for, ends it with an
 * `AssetsResponseValidationError`. An option it does not take is a `TypeError` at the first step,
 * a `pageSize` out of 1–100 a `RangeError`; `argument` (the site id's problems, see
 * `pathIdArgument`) is listed first in either, or thrown alone when the options are fine.
 *
 * @example
 * for await (const asset of iterateAssets((query) => client.assets.list(siteId, query), { pageSize: 50 })) {
 *   console.log(asset.displayName);
 * }
 */
export async function* iterateAssets(
  listPage: (query: ListAssetsQuery & CallOptions) => Promise<AssetList>,
  options?: IterateQuery & CallOptions,
  argument?: { problems: readonly string[]; error: () => Error },
): AsyncIterableIterator<AssetListItem> {
  const { pageSize = MAX_PAGE_SIZE, ...rest } = checkCallOptions('assets.iterate', options, undefined, [], argument);
  let offset = 0;
  for (;;) {
    const page = await listPage({ ...rest, offset, limit: pageSize });
    const problem = pageProblem(page, offset);
    if (problem !== undefined) {
      throw new AssetsResponseValidationError({
        operationId: 'list-assets',
        status: 200,
        violations: [problem],
        body: page,
      });
    }
    yield* page.assets;
    offset += page.assets.length;
    if (page.assets.length === 0 || offset >= page.pagination.total) {
      return;
    }
  }
}
