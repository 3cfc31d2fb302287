import type { Exchange, Scenario, StepContext } from '../../runner/scenario-types.js';
import { list, record, runName } from './fixtures.js';

/** Items this run's lifecycle is changing right now are not stable to compare. */
function stable(items: unknown[], field: string, runId: string): Record<string, unknown>[] {
  return items.map(record).filter((item) => !String(item[field] ?? '').startsWith(runName(runId)));
}

/** A GET must show what the list showed (list items of assets add only `folderId`). */
function expectSameAsListed(ctx: StepContext, got: Exchange, listed: Record<string, unknown>, operationId: string) {
  const { folderId: _, ...item } = listed;
  const expected = operationId === 'get-asset' ? item : listed;
  const listedBy = operationId === 'get-asset' ? 'list-assets' : 'list-asset-folders';
  ctx.expectEqual('list-item-equals-get', got.body, expected, {
    operationId,
    of: got,
    sides: { actual: operationId, expected: listedBy },
  });
}

/**
 * Reads what the site already holds, writing nothing: lists assets and folders, then gets the
 * first stable one of each and checks it equals its list entry. Runs in every mode, and is most
 * of what `--read-only` does.
 */
export const existingData: Scenario = {
  name: 'existing data',
  description: 'Lists the site’s assets and folders and reads the first of each, writing nothing.',
  writes: false,
  steps: () => {
    // Unset until both lists answered 200: an empty site and lists that never came (or came as
    // errors) are not the same.
    let found: { assets: Record<string, unknown>[]; folders: Record<string, unknown>[] } | undefined;
    return [
      {
        name: 'list assets and folders',
        run: async (ctx) => {
          const params = { site_id: ctx.vars.siteId as string };
          const [assets, folders] = await Promise.all([
            ctx.call({ operationId: 'list-assets', params, expect: 200 }),
            ctx.call({ operationId: 'list-asset-folders', params, expect: 200 }),
          ]);
          // Lists answered with an error hold no items either, nor does a 200 whose body has no
          // list where the list belongs (its schema check failed already): only two lists found in
          // two 200s say what the site has, and an empty site is not made up from anything else.
          const holdsList = (res: Exchange, field: string) =>
            res.status === 200 && Array.isArray(record(res.body)[field]);
          if (holdsList(assets, 'assets') && holdsList(folders, 'assetFolders')) {
            found = {
              assets: stable(list(assets.body, 'assets'), 'originalFileName', ctx.runId),
              folders: stable(list(folders.body, 'assetFolders'), 'displayName', ctx.runId),
            };
          }
          const pagination = record(record(folders.body).pagination);
          const count = list(folders.body, 'assetFolders').length;
          // Folders take no paging parameters: a first page that is not full must hold them all.
          if (pagination.offset === 0 && typeof pagination.limit === 'number' && count < pagination.limit) {
            ctx.expectEqual('pagination-consistent', pagination.total, count, {
              operationId: 'list-asset-folders',
              pointer: '/pagination/total',
              of: folders,
            });
          } else if (typeof pagination.total === 'number' && typeof pagination.offset === 'number') {
            // A full page (the sandbox and Webflow's own example answer limit = count) may not be
            // all there is, but a total below what the page itself holds is never true.
            const least = pagination.offset + count;
            ctx.expect('pagination-consistent', pagination.total >= least, {
              operationId: 'list-asset-folders',
              of: folders,
              pointer: '/pagination/total',
              message: `a total of ${pagination.total} is fewer than the ${count} folders listed from offset ${pagination.offset}`,
              expected: `at least ${least}`,
              actual: String(pagination.total),
            });
          }
        },
      },
      {
        name: 'get the first asset and folder',
        run: async (ctx) => {
          const { assets, folders } = ctx.need(found, 'the lists of assets and folders');
          const [asset] = assets;
          const [folder] = folders;
          const reason = (what: string) => `the site has no ${what} to read other than this run's own`;
          if (asset === undefined) {
            ctx.untriggerable({ operationId: 'get-asset', status: '200', reason: reason('assets') });
          }
          if (folder === undefined) {
            ctx.untriggerable({ operationId: 'get-asset-folder', status: '200', reason: reason('folders') });
          }
          if (asset === undefined && folder === undefined) {
            ctx.skip(reason('assets or folders'));
          }
          // A listed item without an id is already a failure of the list; asking for
          // `/assets/undefined` would only add one the suite made up.
          const idOf = (item: { id?: unknown }, what: string) =>
            ctx.need(
              typeof item.id === 'string' && item.id !== '' ? item.id : undefined,
              `the id of the first listed ${what}`,
            );
          const assetId = asset && idOf(asset, 'asset');
          const folderId = folder && idOf(folder, 'folder');
          await Promise.all([
            asset &&
              ctx
                .call({ operationId: 'get-asset', params: { asset_id: assetId as string }, expect: 200 })
                .then((got) => expectSameAsListed(ctx, got, asset, 'get-asset')),
            folder &&
              ctx
                .call({ operationId: 'get-asset-folder', params: { asset_folder_id: folderId as string }, expect: 200 })
                .then((got) => expectSameAsListed(ctx, got, folder, 'get-asset-folder')),
          ]);
        },
      },
    ];
  },
};
