import type { ApiResult, HandlerContext, OperationHandlers } from '../api/api-state.js';
import { fieldError } from '../api/validation-details.js';
import { notFound } from '../errors.js';
import type { AssetRow } from '../storage/assets-repo.js';
import { newObjectId } from '../storage/object-id.js';
import { ACCEPTED_EXTENSIONS, mediaTypeOf } from '../upload/media-types.js';
import { createPresignedPost } from '../upload/presigned-post.js';
import { assetJson, assetListItemJson, hostedUrl } from './asset-view.js';
import type { RouteDeps } from './route-deps.js';

// Path separators and control characters have no place in a file name that becomes an S3 key.
function isUnsafeFileName(name: string): boolean {
  return [...name].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

type AssetBody = { fileName: string; fileHash: string; parentFolder?: string };
type PatchBody = { displayName?: string; altText?: string };

function checkFileName(fileName: string) {
  if (isUnsafeFileName(fileName) || fileName === '.' || fileName === '..') {
    throw fieldError('fileName', 'body', 'must not contain path separators (/ or \\) or control characters');
  }
  const media = mediaTypeOf(fileName);
  if (!media) {
    throw fieldError(
      'fileName',
      'body',
      `has an extension the sandbox does not accept; accepted: ${ACCEPTED_EXTENSIONS.join(', ')}`,
    );
  }
  return media;
}

/**
 * The five asset operations (`list-assets`, `create-asset`, `get-asset`, `patch-asset`,
 * `delete-asset`), working on the store. Input is already validated against the contract.
 *
 * @example
 * const handlers = assetHandlers(deps);
 * await handlers['get-asset']?.(ctx); // { status: 200, body: { id, … } }
 */
export function assetHandlers(deps: RouteDeps): OperationHandlers {
  const { store, access, publicUrl } = deps;
  const iso = () => new Date(deps.now()).toISOString();
  const locale = (ctx: HandlerContext, siteId: string) =>
    access.locale(siteId, ctx.query.localeId, ctx.queryNames.localeId ?? 'localeId');

  const present = (row: AssetRow, localeId: string, primaryId: string) => {
    const variants = store.assets.variants([row.id]).get(row.id) ?? [];
    const alt = store.assets.altTexts([row.id]).get(row.id);
    return assetJson(row, variants, alt?.get(localeId) ?? alt?.get(primaryId) ?? null, publicUrl);
  };

  return {
    'list-assets'(ctx: HandlerContext): ApiResult {
      const siteId = access.site(ctx.grant, String(ctx.pathParams.site_id));
      const folderId = ctx.query.folderId === undefined ? undefined : String(ctx.query.folderId).toLowerCase();
      if (folderId !== undefined) {
        access.folder(ctx.grant, folderId, siteId);
      }
      const { localeId, primaryId } = locale(ctx, siteId);
      const offset = Number(ctx.query.offset ?? 0);
      const limit = Number(ctx.query.limit ?? 100);
      const { rows, total } = store.assets.page(siteId, { folderId, offset, limit });
      const ids = rows.map((r) => r.id);
      const variants = store.assets.variants(ids);
      const alts = store.assets.altTexts(ids);
      const assets = rows.map((row) => {
        const alt = alts.get(row.id);
        const altText = alt?.get(localeId) ?? alt?.get(primaryId) ?? null;
        return assetListItemJson(row, variants.get(row.id) ?? [], altText, publicUrl);
      });
      return { status: 200, body: { assets, pagination: { limit, offset, total } } };
    },

    'create-asset'(ctx: HandlerContext): ApiResult {
      const body = ctx.body as AssetBody;
      const media = checkFileName(body.fileName);
      const siteId = access.site(ctx.grant, String(ctx.pathParams.site_id));
      const folderId = body.parentFolder === undefined ? null : access.folder(ctx.grant, body.parentFolder, siteId).id;
      const now = deps.now();
      const id = newObjectId(now);
      const at = new Date(now).toISOString();
      // The answer is built first: nothing is stored for a request that cannot be answered.
      const uploadDetails = createPresignedPost({
        secret: store.uploadSecret,
        bucket: deps.bucket,
        key: `${siteId}/${id}_${body.fileName}`,
        contentType: media.contentType,
        maxBytes: media.maxBytes,
        now,
        expirySeconds: deps.uploadExpirySeconds,
      });
      const hosted = hostedUrl(publicUrl, siteId, id, body.fileName);
      store.assets.insert({
        id,
        siteId,
        folderId,
        fileName: body.fileName,
        displayName: `${id}_${body.fileName}`,
        contentType: media.contentType,
        fileHash: body.fileHash.toLowerCase(),
        size: 0,
        blobGeneration: null,
        createdOn: at,
        lastUpdated: at,
      });
      return {
        status: 200,
        body: {
          uploadDetails,
          contentType: media.contentType,
          id,
          parentFolder: folderId,
          uploadUrl: `${publicUrl}/_s3/${deps.bucket}`,
          assetUrl: hosted,
          hostedUrl: hosted,
          originalFileName: body.fileName,
          createdOn: at,
          lastUpdated: at,
        },
      };
    },

    'get-asset'(ctx: HandlerContext): ApiResult {
      const row = access.asset(ctx.grant, String(ctx.pathParams.asset_id));
      const { localeId, primaryId } = locale(ctx, row.siteId);
      return { status: 200, body: present(row, localeId, primaryId) };
    },

    'patch-asset'(ctx: HandlerContext): ApiResult {
      const row = access.asset(ctx.grant, String(ctx.pathParams.asset_id));
      const { localeId, primaryId } = locale(ctx, row.siteId);
      const body = ctx.body as PatchBody;
      const change = {
        displayName: body.displayName,
        altText: body.altText === undefined ? undefined : { localeId, text: body.altText },
      };
      if (!store.assets.update(row.id, change, iso())) {
        throw notFound('asset');
      }
      return { status: 200, body: present(store.assets.get(row.id) as AssetRow, localeId, primaryId) };
    },

    async 'delete-asset'(ctx: HandlerContext): Promise<ApiResult> {
      const row = access.asset(ctx.grant, String(ctx.pathParams.asset_id));
      if (!store.assets.remove(row.id)) {
        throw notFound('asset');
      }
      // The row is gone first, so the files are never served again; a crash before this
      // removal leaves files the next startup sweeps.
      await store.blobs.removeAsset(row.id);
      return { status: 204 };
    },
  };
}
