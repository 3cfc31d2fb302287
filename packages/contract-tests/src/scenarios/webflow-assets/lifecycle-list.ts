import type { Exchange, StepContext, StepDef } from '../../runner/scenario-types.js';
import { expectListed } from './expect-listed.js';
import { list, record } from './fixtures.js';
import { createOutsideStep, deleteOutsideStep, expectLeftOut } from './lifecycle-outside.js';
import type { LifecycleState } from './lifecycle-state.js';
import { confirmOwnedFromList } from './owned-asset.js';

function total(body: unknown): unknown {
  return record(record(body).pagination).total;
}

/** One page of list-assets as asked for, with the response. */
export interface Page {
  offset: number;
  limit: number;
  res: Exchange;
}

/**
 * Checks that `pagination` agrees with the pages themselves: every page reports the same total,
 * echoes the offset and limit it was asked for, and holds `min(limit, total - offset)` items.
 */
export function expectPagesAgree(ctx: StepContext, pages: Page[], check = 'pagination-consistent'): void {
  const first = total(pages[0]?.res.body);
  for (const { offset, limit, res } of pages) {
    const pagination = record(record(res.body).pagination);
    const count = typeof first === 'number' ? Math.max(0, Math.min(limit, first - offset)) : undefined;
    ctx.expectEqual(
      check,
      {
        pagination: { total: pagination.total, offset: pagination.offset, limit: pagination.limit },
        assets: { length: list(res.body, 'assets').length },
      },
      { pagination: { total: first, offset, limit }, assets: { length: count } },
      { operationId: 'list-assets', of: res },
    );
  }
}

/** Asks list-assets for one page. */
export function listPage(ctx: StepContext, query: Record<string, string | number>): Promise<Page> {
  const offset = Number(query.offset ?? 0);
  const limit = Number(query.limit ?? 100);
  return ctx
    .call({ operationId: 'list-assets', params: { site_id: ctx.vars.siteId as string }, query, expect: 200 })
    .then((res) => ({ offset, limit, res }));
}

/**
 * Steps 6–10: the created assets appear in the folder filter, page by page, and an asset at the
 * site root does not; they appear in the site's pages and in the folder.
 */
export function listSteps(state: LifecycleState): StepDef[] {
  return [
    createOutsideStep(state),
    {
      name: 'list the folder one asset per page',
      run: async (ctx) => {
        const folderId = ctx.need(state.folderId, 'the created folder');
        const ids = state.files.map((f) => ctx.need(f.id, `the id of ${f.fileName}`));
        // The second page asks for two and must hold one: the second asset, and nothing past it.
        const pages = await Promise.all([
          listPage(ctx, { folderId, offset: 0, limit: 1 }),
          listPage(ctx, { folderId, offset: 1, limit: 2 }),
        ]);
        ctx.expectEqual('folder-filter-total', total(pages[0]?.res.body), ids.length, {
          operationId: 'list-assets',
          pointer: '/pagination/total',
          of: pages[0]?.res,
        });
        expectPagesAgree(ctx, pages);
        expectLeftOut(ctx, state, folderId, pages);
        const seen = pages.flatMap((p) => list(p.res.body, 'assets'));
        for (const file of state.files) {
          expectListed(ctx, 'created-asset-listed', seen, file.id as string, {
            operationId: 'list-assets',
            pointer: '/assets',
          });
        }
        // Each page holds one asset, so `/assets/0` is the exact pointer within its own response.
        for (const { res } of pages) {
          const [asset] = list(res.body, 'assets');
          if (asset === undefined) {
            continue;
          }
          const { folderId: inFolder, ...item } = record(asset);
          const at = { operationId: 'list-assets', of: res };
          ctx.expectEqual('listed-in-folder', inFolder, folderId, { ...at, pointer: '/assets/0/folderId' });
          const got = state.files.find((f) => f.id === item.id)?.got;
          if (got) {
            ctx.expectEqual('list-item-equals-get', item, got, {
              ...at,
              pointer: '/assets/0',
              sides: { actual: 'list-assets', expected: 'get-asset' },
            });
          }
        }
      },
    },
    {
      name: 'page through the whole site',
      run: async (ctx) => {
        const head = await listPage(ctx, { offset: 0, limit: 100 });
        // The asset at the site root is still there: on its page, the list shows it is this run's
        // file, so deleting it next needs no GET of its own.
        confirmOwnedFromList(state.outside, head.res);
        const count = total(head.res.body);
        const n = typeof count === 'number' ? count : 0;
        // One more request proves the total whatever the site's size: asked for two from the last
        // item, it must hold exactly one (the last item exists, and nothing lies past it).
        const tail = await listPage(ctx, n > 0 ? { offset: n - 1, limit: 2 } : { offset: 0, limit: 1 });
        expectPagesAgree(ctx, [head, tail]);
      },
    },
    deleteOutsideStep(state),
    {
      name: 'the folder lists its assets',
      run: async (ctx) => {
        const folderId = ctx.need(state.folderId, 'the created folder');
        const ids = state.files.map((f) => ctx.need(f.id, `the id of ${f.fileName}`));
        const res = await ctx.call({
          operationId: 'get-asset-folder',
          params: { asset_folder_id: folderId },
          expect: 200,
        });
        const assets = list(res.body, 'assets');
        for (const id of ids) {
          ctx.expect('asset-in-its-folder', assets.includes(id), {
            pointer: '/assets',
            message: `folder ${folderId} should list asset ${id}`,
            expected: `contains ${id}`,
            actual: JSON.stringify(assets),
            operationId: 'get-asset-folder',
            of: res,
          });
        }
      },
    },
  ];
}
