import type { WebflowAssets } from '@assetkit/contract';
import type { AssetRow, VariantRow } from '../storage/assets-repo.js';
import type { FolderRow } from '../storage/folders-repo.js';

type Schemas = WebflowAssets.components['schemas'];
/** An asset as the API returns it. */
export type AssetJson = Schemas['Asset'];
/** An asset as a list returns it (with `folderId`). */
export type AssetListItemJson = Schemas['AssetListItem'];
/** An asset folder as the API returns it. */
export type AssetFolderJson = Schemas['AssetFolder'];

/**
 * The public URL of a stored file: `<publicUrl>/_assets/<siteId>/<assetId>_<name>`, with the
 * name percent-encoded so any file name (spaces, unicode) gives a valid URI.
 *
 * @example
 * hostedUrl('http://127.0.0.1:4010', siteId, assetId, 'my photo.png'); // '…/_assets/<site>/<asset>_my%20photo.png'
 */
export function hostedUrl(publicUrl: string, siteId: string, assetId: string, name: string): string {
  return `${publicUrl}/_assets/${siteId}/${assetId}_${encodeURIComponent(name)}`;
}

/**
 * An asset in the API's shape. `altText` is the given locale's text, falling back to the
 * primary locale's, else null. The asset's own names are kept as given; its variants' names are
 * percent-encoded, as in their `hostedUrl`.
 *
 * @example
 * assetJson(row, variants, 'A cat', publicUrl);
 */
export function assetJson(
  row: AssetRow,
  variants: readonly VariantRow[],
  altText: string | null,
  publicUrl: string,
): AssetJson {
  return {
    id: row.id,
    contentType: row.contentType,
    size: row.size,
    siteId: row.siteId,
    hostedUrl: hostedUrl(publicUrl, row.siteId, row.id, row.fileName),
    originalFileName: row.fileName,
    displayName: row.displayName,
    lastUpdated: row.lastUpdated,
    createdOn: row.createdOn,
    // A variant's names are written as in its URL, percent-encoded: Webflow's examples show a
    // screenshot's variant as 'Screenshot%202024-03-20%20at%209.03.24%E2%80%AFPM-p-500.png'.
    variants: variants.map((v) => ({
      hostedUrl: hostedUrl(publicUrl, row.siteId, row.id, v.fileName),
      originalFileName: encodeURIComponent(v.fileName),
      displayName: `${row.id}_${encodeURIComponent(v.fileName)}`,
      format: v.format,
      width: v.width,
      height: v.height,
      quality: v.quality,
      error: null,
    })),
    altText,
  };
}

/** An asset as a list item: the asset plus the folder it sits in (null at the site root). */
export function assetListItemJson(
  row: AssetRow,
  variants: readonly VariantRow[],
  altText: string | null,
  publicUrl: string,
): AssetListItemJson {
  return { ...assetJson(row, variants, altText, publicUrl), folderId: row.folderId };
}

/** A folder in the API's shape, with the ids of the assets directly inside it. */
export function folderJson(row: FolderRow, assetIds: readonly string[]): AssetFolderJson {
  return {
    id: row.id,
    displayName: row.displayName,
    parentFolder: row.parentId,
    assets: [...assetIds],
    siteId: row.siteId,
    createdOn: row.createdOn,
    lastUpdated: row.lastUpdated,
  };
}
