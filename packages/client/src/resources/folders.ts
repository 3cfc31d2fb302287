import type { AssetFolder, AssetFolderList, AssetsPaths, CreateFolderBody } from '../api-types.js';
import type { StrictClient } from '../strict-client.js';
import type { Transport } from '../transport/transport.js';
import { type CallOptions, call } from './call.js';

/**
 * The asset-folder methods. The API has no folder update, move or delete.
 *
 * @example
 * const folder = await client.folders.create(siteId, { displayName: 'Icons' });
 */
export interface FoldersResource {
  /** The site's folders (`list-asset-folders`; the API takes no pagination parameters here). */
  list(siteId: string, options?: CallOptions): Promise<AssetFolderList>;
  /** One folder, with the ids of the assets directly inside it (`get-asset-folder`). */
  get(folderId: string, options?: CallOptions): Promise<AssetFolder>;
  /** A new folder at the root or inside `parentFolder` (`create-asset-folder`). */
  create(siteId: string, body: CreateFolderBody, options?: CallOptions): Promise<AssetFolder>;
}

/**
 * Builds {@link FoldersResource} on a raw openapi-fetch client and the client's transport.
 *
 * @example
 * const folders = createFoldersResource(raw, transport);
 */
export function createFoldersResource(raw: StrictClient<AssetsPaths>, transport: Transport): FoldersResource {
  return {
    list(siteId, options) {
      return call(transport, 'list-asset-folders', { siteId }, options, (init, _query: object, id) =>
        raw.GET('/sites/{site_id}/asset_folders', {
          params: { path: { site_id: id } },
          ...init,
        }),
      );
    },
    get(folderId, options) {
      return call(
        transport,
        'get-asset-folder',
        { folderId },
        options,
        (init, _query: object, id) =>
          raw.GET('/asset_folders/{asset_folder_id}', {
            params: { path: { asset_folder_id: id } },
            ...init,
          }),
        { askedId: folderId },
      );
    },
    create(siteId, body, options) {
      return call(
        transport,
        'create-asset-folder',
        { siteId },
        options,
        (init, _query: object, id) =>
          raw.POST('/sites/{site_id}/asset_folders', {
            params: { path: { site_id: id } },
            body,
            ...init,
          }),
        { body },
      );
    },
  };
}
