import { LeftAloneError } from '../../runner/cleanup-registry.js';
import type { CleanupCall, Exchange, StepContext } from '../../runner/scenario-types.js';
import { record } from './fixtures.js';

/**
 * What the suite asks before it writes to an asset: is the asset behind this id the file this run
 * created? A create answer's `id` alone does not say so: a server that mixes up records can answer
 * a create with the id of an asset already on the site, and a PATCH or DELETE sent to it would
 * change what the suite did not create. A GET of the id that shows the file name the run created
 * it with does say so.
 */
export interface OwnedFile {
  fileName: string;
  /** The id the create-asset answer gave. */
  id?: string;
  /** Set once get-asset of `id` showed `fileName`: the id may be written to. */
  owned?: boolean;
}

/** Whether a get-asset answer shows the asset `fileName` was created as (`originalFileName`, which a PATCH cannot change). */
function shows(status: number, body: unknown, fileName: string): boolean {
  return status === 200 && record(body).originalFileName === fileName;
}

/** Records what a get-asset of `file.id` showed: the id may be written to only if it showed this file. */
export function confirmOwned(file: OwnedFile, got: Exchange): void {
  file.owned = shows(got.status, got.body, file.fileName);
}

/**
 * Records what a list-assets answer shows of `file.id`, when it lists it: an item with that id
 * shows which file it is as well as a GET does (and costs no request of its own).
 */
export function confirmOwnedFromList(file: OwnedFile, listed: Exchange): void {
  const items = record(listed.body).assets;
  const item = Array.isArray(items) ? items.map(record).find((a) => a.id === file.id) : undefined;
  if (listed.status === 200 && file.id !== undefined && item !== undefined) {
    file.owned = item.originalFileName === file.fileName;
  }
}

/**
 * The id of `file`'s asset for a write (PATCH, DELETE): only once get-asset showed it is the
 * file this run created (a GET is sent first when none has been yet); else the step is blocked,
 * naming what it needs.
 */
export async function ownedId(ctx: StepContext, file: OwnedFile): Promise<string> {
  const id = ctx.need(file.id, `the id of ${file.fileName}`);
  if (file.owned === undefined) {
    confirmOwned(file, await ctx.call({ operationId: 'get-asset', params: { asset_id: id }, expect: 200 }));
  }
  return ctx.need(file.owned ? id : undefined, `get-asset showing that ${id} is ${file.fileName}, created by this run`);
}

/**
 * Cleanup's removal of an asset the run registered: a GET first, and the DELETE only when the
 * asset is `fileName` (a 404 to either counts as gone). What get-asset shows as another file is
 * left alone, and said so.
 */
export async function removeOwnedAsset(call: CleanupCall, id: string, fileName: string): Promise<void> {
  const params = { asset_id: id };
  const got = await call({ operationId: 'get-asset', params });
  if (got.status === 404) {
    return;
  }
  const owned = shows(got.status, got.body, fileName);
  if (got.status === 200 && !owned) {
    // Not the run's: left alone on purpose, which is no attempt to remove it.
    const shown = record(got.body).originalFileName;
    throw new LeftAloneError(
      `not deleted: get-asset shows ${id} is ${JSON.stringify(shown)}, not ${fileName}, which this run created`,
    );
  }
  if (!owned) {
    throw new Error(
      `not deleted: get-asset answered ${got.status}, so nothing shows that ${id} is ${fileName}, which this run created`,
    );
  }
  const { status } = await call({ operationId: 'delete-asset', params });
  if (status !== 204 && status !== 404) {
    throw new Error(`delete-asset answered ${status}`);
  }
}
