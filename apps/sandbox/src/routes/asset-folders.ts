import type { ApiResult, HandlerContext, OperationHandlers } from '../api/api-state.js';
import { newObjectId } from '../storage/object-id.js';
import { folderJson } from './asset-view.js';
import type { RouteDeps } from './route-deps.js';

type FolderBody = { displayName: string; parentFolder?: string | null };

/**
 * The three folder operations (`list-asset-folders`, `create-asset-folder`,
 * `get-asset-folder`). A folder's `assets` lists the assets directly inside it.
 *
 * @example
 * const handlers = folderHandlers(deps);
 * await handlers['create-asset-folder']?.(ctx); // { status: 200, body: { id, displayName, parentFolder: null, assets: [], … } }
 */
export function folderHandlers(deps: RouteDeps): OperationHandlers {
  const { store, access } = deps;
  return {
    'list-asset-folders'(ctx: HandlerContext): ApiResult {
      const siteId = access.site(ctx.grant, String(ctx.pathParams.site_id));
      const rows = store.folders.list(siteId);
      const assets = store.folders.assetIds(rows.map((r) => r.id));
      const assetFolders = rows.map((row) => folderJson(row, assets.get(row.id) ?? []));
      // The operation takes no paging parameters: every folder is returned, and `pagination`
      // describes that single page, as Webflow's example does.
      const total = assetFolders.length;
      return { status: 200, body: { assetFolders, pagination: { limit: total, offset: 0, total } } };
    },

    'create-asset-folder'(ctx: HandlerContext): ApiResult {
      const body = ctx.body as FolderBody;
      const siteId = access.site(ctx.grant, String(ctx.pathParams.site_id));
      const parentId =
        body.parentFolder === undefined || body.parentFolder === null
          ? null
          : access.folder(ctx.grant, body.parentFolder, siteId).id;
      const now = deps.now();
      const at = new Date(now).toISOString();
      const row = {
        id: newObjectId(now),
        siteId,
        parentId,
        displayName: body.displayName,
        createdOn: at,
        lastUpdated: at,
      };
      store.folders.insert(row);
      return { status: 200, body: folderJson(row, []) };
    },

    'get-asset-folder'(ctx: HandlerContext): ApiResult {
      const row = access.folder(ctx.grant, String(ctx.pathParams.asset_folder_id));
      return { status: 200, body: folderJson(row, store.folders.assetIds([row.id]).get(row.id) ?? []) };
    },
  };
}
