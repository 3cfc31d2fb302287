import type {
  Asset,
  AssetList,
  AssetListItem,
  AssetsPaths,
  AssetUpload,
  CreateAssetBody,
  ListAssetsQuery,
  LocaleQuery,
  UpdateAssetBody,
} from '../api-types.js';
import type { StrictClient } from '../strict-client.js';
import type { Transport } from '../transport/transport.js';
import type { UploadInput } from '../upload/upload-asset.js';
import { uploadAsset } from '../upload/upload-asset.js';
import { type CallOptions, call, pathIdArgument } from './call.js';
import { type IterateQuery, iterateAssets } from './iterate-assets.js';

/**
 * What `assets.create` takes: the body of `create-asset`, with `parentFolder: null` for the site
 * root (as `upload` and `folders.create` take it).
 *
 * @example
 * const input: CreateAssetInput = { fileName: 'logo.png', fileHash, parentFolder: null };
 */
export type CreateAssetInput = Omit<CreateAssetBody, 'parentFolder'> & {
  parentFolder?: CreateAssetBody['parentFolder'] | null;
};

/**
 * The body `create-asset` is sent: `create-asset` has no `null` for the root (the field is
 * optional, an ObjectId when given, and the server answers `null` with a 400), so the root is no
 * `parentFolder` at all. Called once `call` has checked the body is a plain object.
 */
function createAssetBody(input: CreateAssetInput): CreateAssetBody {
  if (input.parentFolder !== null) {
    return input as CreateAssetBody;
  }
  const { parentFolder: _root, ...body } = input;
  return body;
}

/**
 * The asset methods, shaped like Webflow's official SDK (`client.assets.list/get/update/…`), with
 * the spec's types and `AssetsApiError` on any non-2xx.
 *
 * @example
 * const asset = await client.assets.get(assetId, { localeId });
 */
export interface AssetsResource {
  /** One page of a site's assets (`list-assets`). */
  list(siteId: string, options?: ListAssetsQuery & CallOptions): Promise<AssetList>;
  /** Every asset of a site, page by page (`list-assets` with `offset`/`limit`). */
  iterate(siteId: string, options?: IterateQuery & CallOptions): AsyncIterableIterator<AssetListItem>;
  /** One asset, with `altText` for `localeId` (`get-asset`). */
  get(assetId: string, options?: LocaleQuery & CallOptions): Promise<Asset>;
  /** Renames an asset or sets its alt text for `localeId` (`patch-asset`). */
  update(assetId: string, changes: UpdateAssetBody, options?: LocaleQuery & CallOptions): Promise<Asset>;
  /** Deletes an asset (`delete-asset`, 204). */
  delete(assetId: string, options?: CallOptions): Promise<void>;
  /**
   * Step 1 of an upload only: creates the asset and returns the presigned POST (`create-asset`).
   * `parentFolder: null` is the site root, as for `upload` and `folders.create`: it is left out.
   */
  create(siteId: string, body: CreateAssetInput, options?: CallOptions): Promise<AssetUpload>;
  /** Both steps of an upload in one call: hash, `create-asset`, POST to storage, `get-asset`. */
  upload(siteId: string, input: UploadInput, options?: CallOptions): Promise<Asset>;
}

/**
 * Builds {@link AssetsResource} on a raw openapi-fetch client and the client's transport.
 *
 * @example
 * const assets = createAssetsResource(raw, transport);
 */
export function createAssetsResource(raw: StrictClient<AssetsPaths>, transport: Transport): AssetsResource {
  const resource: AssetsResource = {
    list(siteId, options) {
      return call(transport, 'list-assets', { siteId }, options, (init, query: ListAssetsQuery, id) =>
        raw.GET('/sites/{site_id}/assets', {
          params: { path: { site_id: id }, query },
          ...init,
        }),
      );
    },
    iterate(siteId, options) {
      return iterateAssets((query) => resource.list(siteId, query), options, pathIdArgument('list-assets', { siteId }));
    },
    get(assetId, options) {
      return call(
        transport,
        'get-asset',
        { assetId },
        options,
        (init, query: LocaleQuery, id) =>
          raw.GET('/assets/{asset_id}', {
            params: { path: { asset_id: id }, query },
            ...init,
          }),
        { askedId: assetId },
      );
    },
    update(assetId, changes, options) {
      return call(
        transport,
        'patch-asset',
        { assetId },
        options,
        (init, query: LocaleQuery, id) =>
          raw.PATCH('/assets/{asset_id}', {
            params: { path: { asset_id: id }, query },
            body: changes,
            ...init,
          }),
        { askedId: assetId, body: changes },
      );
    },
    async delete(assetId, options) {
      await call(transport, 'delete-asset', { assetId }, options, (init, _query: object, id) =>
        raw.DELETE('/assets/{asset_id}', {
          params: { path: { asset_id: id } },
          ...init,
        }),
      );
    },
    create(siteId, body, options) {
      return call(
        transport,
        'create-asset',
        { siteId },
        options,
        (init, _query: object, id) =>
          raw.POST('/sites/{site_id}/assets', {
            params: { path: { site_id: id } },
            body: createAssetBody(body),
            ...init,
          }),
        { body },
      );
    },
    upload(siteId, input, options) {
      return uploadAsset({ siteId, input, options, transport, create: resource.create, get: resource.get });
    },
  };
  return resource;
}
