import type { TokenGrant } from '../config.js';
import { notFound } from '../errors.js';
import type { AssetRow } from '../storage/assets-repo.js';
import type { FolderRow } from '../storage/folders-repo.js';
import type { Store } from '../storage/store.js';
import { fieldError } from './validation-details.js';

/**
 * Existence and tenancy checks shared by the handlers. A site, asset or folder the token may
 * not act on is answered exactly like one that does not exist (404 `resource_not_found`), so a
 * token cannot probe other sites.
 *
 * @example
 * const asset = access.asset(grant, assetId);
 */
export interface Access {
  site(grant: TokenGrant, siteId: string): string;
  asset(grant: TokenGrant, assetId: string): AssetRow;
  /** A folder of `siteId` (any site the token holds when `siteId` is undefined). */
  folder(grant: TokenGrant, folderId: string, siteId?: string): FolderRow;
  /**
   * The locale to read or write `altText` in: the given one (it must be one of the site's,
   * else 400 `validation_error` on `field`, the query parameter as the caller named it:
   * `localeId`, or `/beta`'s `locale`), or the primary locale when none is given.
   */
  locale(siteId: string, localeId: unknown, field?: string): { localeId: string; primaryId: string };
}

/** Creates the access checks over a store. */
export function createAccess(store: Store): Access {
  const siteOf = (grant: TokenGrant, siteId: string) => grant.siteIds.includes(siteId) && store.sites.exists(siteId);
  return {
    site(grant, siteId) {
      const id = siteId.toLowerCase();
      if (!siteOf(grant, id)) {
        throw notFound('site');
      }
      return id;
    },
    asset(grant, assetId) {
      const row = store.assets.get(assetId.toLowerCase());
      if (!row || !grant.siteIds.includes(row.siteId)) {
        throw notFound('asset');
      }
      return row;
    },
    folder(grant, folderId, siteId) {
      const row = store.folders.get(folderId.toLowerCase());
      if (!row || !grant.siteIds.includes(row.siteId) || (siteId !== undefined && row.siteId !== siteId)) {
        throw notFound('asset folder');
      }
      return row;
    },
    locale(siteId, localeId, field = 'localeId') {
      const locales = store.sites.locales(siteId);
      const primaryId = locales.find((l) => l.primary)?.id ?? '';
      if (localeId === undefined || localeId === '') {
        return { localeId: primaryId, primaryId };
      }
      const wanted = String(localeId).toLowerCase();
      if (!locales.some((l) => l.id === wanted)) {
        const known = locales.map((l) => `${l.id} (${l.tag}${l.primary ? ', primary' : ''})`).join(', ');
        throw fieldError(field, 'query', `is not a locale of this site; its locales are ${known}`);
      }
      return { localeId: wanted, primaryId };
    },
  };
}
