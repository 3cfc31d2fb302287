import type { StepContext, StepDef } from '../../runner/scenario-types.js';
import { list, record } from './fixtures.js';
import { createFile, upload } from './lifecycle-create.js';
import type { Page } from './lifecycle-list.js';
import type { LifecycleState } from './lifecycle-state.js';
import { ownedId } from './owned-asset.js';

/**
 * The asset at the site root is what proves that `folderId` filters: the folder's own assets being
 * listed proves nothing on a site that holds only them (a fresh test site, a sandbox), where a
 * server ignoring the filter lists the same assets. It is uploaded, so a server that lists only
 * uploaded assets lists it too.
 */
export function createOutsideStep(state: LifecycleState): StepDef {
  return {
    name: 'create an asset at the site root',
    run: async (ctx) => {
      // Without the folder there is no filtered list to leave it out of.
      ctx.need(state.folderId, 'the created folder');
      const file = state.outside;
      await createFile(ctx, null, file);
      ctx.need(file.id, `the id of ${file.fileName}`);
      await upload(ctx, file);
    },
  };
}

/** Checks that no page of a list filtered by folder holds the asset at the site root. */
export function expectLeftOut(ctx: StepContext, state: LifecycleState, folderId: string, pages: Page[]): void {
  const { id } = state.outside;
  if (id === undefined) {
    return; // never created: the step that should have has failed already
  }
  for (const { res } of pages) {
    const index = list(res.body, 'assets').findIndex((item) => record(item).id === id);
    ctx.expect('folder-filter-excludes-others', index < 0, {
      operationId: 'list-assets',
      of: res,
      pointer: `/assets/${index}`,
      message: `asset ${id}, created at the site root, is listed with folderId=${folderId}: the filter must leave out assets outside that folder and its descendants`,
      expected: `no item with id ${id}`,
      actual: `an item with id ${id}`,
    });
  }
}

/** Deletes the asset at the site root once the folder's list has been checked without it. */
export function deleteOutsideStep(state: LifecycleState): StepDef {
  return {
    name: 'delete the asset at the site root',
    run: async (ctx) => {
      const id = await ownedId(ctx, state.outside);
      const res = await ctx.call({ operationId: 'delete-asset', params: { asset_id: id }, expect: 204 });
      if (res.status === 204) {
        ctx.release('asset', id);
      }
    },
  };
}
