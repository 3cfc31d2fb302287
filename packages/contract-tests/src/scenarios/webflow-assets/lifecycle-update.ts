import type { StepContext, StepDef } from '../../runner/scenario-types.js';
import { list, record, runName } from './fixtures.js';
import type { LifecycleState } from './lifecycle-state.js';
import { LOCALE_OPTION } from './option-keys.js';
import { ownedId } from './owned-asset.js';

/** The first created asset's id, for the steps that write to it (only once it is shown to be this run's). */
function firstId(ctx: StepContext, state: LifecycleState): Promise<string> {
  const [file] = state.files;
  return ownedId(ctx, ctx.need(file, 'the first created asset'));
}

/** The secondary locale the suite patches `altText` for (`--locale-id`); the step skips without one. */
function localeOf(ctx: StepContext): string {
  const localeId = ctx.vars.localeId;
  return localeId === undefined || localeId === ''
    ? ctx.skip(
        `pass ${ctx.optionNames.moduleOption(LOCALE_OPTION)} with a secondary locale of the site to test per-locale altText`,
      )
    : localeId;
}

/** Steps 10–14: patch with and without `localeId`, refuse bad writes, delete, and prove it gone. */
export function updateSteps(state: LifecycleState): StepDef[] {
  return [
    {
      name: 'patch the display name and primary alt text',
      run: async (ctx) => {
        const id = await firstId(ctx, state);
        const update = { displayName: `${runName(ctx.runId)} renamed`, altText: 'primary alt text' };
        const res = await ctx.call({ operationId: 'patch-asset', params: { asset_id: id }, body: update, expect: 200 });
        const patched = record(res.body);
        ctx.expectEqual(
          'patch-applies-update',
          { displayName: patched.displayName, altText: patched.altText },
          update,
          {
            operationId: 'patch-asset',
            of: res,
          },
        );
        if (res.status !== 200) {
          // An error body is no asset: the steps comparing against the patched asset are blocked.
          return;
        }
        state.patched = patched;
        state.current = patched;
        const got = await ctx.call({ operationId: 'get-asset', params: { asset_id: id }, expect: 200 });
        ctx.expectEqual('patch-equals-get', got.body, patched, { operationId: 'get-asset', of: got });
      },
    },
    {
      name: 'patch the alt text for a locale',
      run: async (ctx) => {
        const localeId = localeOf(ctx);
        const id = await firstId(ctx, state);
        const before = ctx.need(state.patched, 'the asset after the first patch');
        const altText = `alt text for locale ${localeId}`;
        const res = await ctx.call({
          operationId: 'patch-asset',
          params: { asset_id: id },
          query: { localeId },
          body: { altText },
          expect: 200,
        });
        ctx.expectEqual('patch-applies-update', record(res.body).altText, altText, {
          operationId: 'patch-asset',
          pointer: '/altText',
          of: res,
        });
        const [inLocale, primary] = await Promise.all([
          ctx.call({ operationId: 'get-asset', params: { asset_id: id }, query: { localeId }, expect: 200 }),
          ctx.call({ operationId: 'get-asset', params: { asset_id: id }, expect: 200 }),
        ]);
        ctx.expectEqual('patch-equals-get', inLocale.body, res.body, { operationId: 'get-asset', of: inLocale });
        // Only an asset becomes the state later steps compare against, never an error body.
        state.current = primary.status === 200 ? record(primary.body) : undefined;
        // altText is per locale and displayName is not: the primary locale keeps its own alt text.
        const primaryNow = record(primary.body);
        const took = primary.status === 200 && primaryNow.altText === altText && before.altText !== altText;
        if (!took) {
          ctx.expectEqual(
            'locale-leaves-primary',
            { displayName: primaryNow.displayName, altText: primaryNow.altText },
            { displayName: before.displayName, altText: before.altText },
            { operationId: 'get-asset', of: primary },
          );
          return;
        }
        // What the suite sees when --locale-id names the primary locale itself, as much as when the
        // server ignores localeId: both causes are named, as only the user can tell them apart.
        ctx.expect('locale-leaves-primary', false, {
          operationId: 'get-asset',
          of: primary,
          pointer: '/altText',
          expected: JSON.stringify(before.altText),
          actual: JSON.stringify(altText),
          message: `the primary locale took the alt text patched for locale ${localeId}: either ${localeId} is the site's primary locale (pass a secondary one with ${ctx.optionNames.moduleOption(LOCALE_OPTION)}) or the server ignores localeId`,
        });
      },
    },
    {
      name: 'refuse a bad body and a token without write scope',
      run: async (ctx) => {
        const id = await firstId(ctx, state);
        const calls = [
          ctx.call({ operationId: 'patch-asset', params: { asset_id: id }, body: { alttext: 'typo' }, expect: 400 }),
          ctx.call({ operationId: 'patch-asset', params: { asset_id: id }, rawBody: '{"displayName":', expect: 400 }),
        ];
        if (ctx.hasReadOnlyToken) {
          const params = { asset_id: id };
          calls.push(
            ctx.call({
              operationId: 'patch-asset',
              params,
              body: { displayName: 'forbidden' },
              auth: 'read-only',
              expect: 403,
            }),
            ctx.call({ operationId: 'delete-asset', params, auth: 'read-only', expect: 403 }),
          );
        }
        await Promise.all(calls);
        const after = await ctx.call({ operationId: 'get-asset', params: { asset_id: id }, expect: 200 });
        const before = ctx.need(state.current ?? state.patched, 'the asset as last read');
        ctx.expectEqual('refused-write-changes-nothing', after.body, before, { operationId: 'get-asset', of: after });
      },
    },
    {
      name: 'delete both assets',
      run: async (ctx) => {
        await Promise.all(
          state.files.map(async (file) => {
            const id = await ownedId(ctx, file);
            const res = await ctx.call({ operationId: 'delete-asset', params: { asset_id: id }, expect: 204 });
            file.deleteStatus = res.status;
            if (res.status === 204) {
              ctx.release('asset', id);
            }
          }),
        );
      },
    },
    {
      name: 'deleted assets are gone',
      run: async (ctx) => {
        const folderId = ctx.need(state.folderId, 'the created folder');
        const ids = state.files.map((f) => ctx.need(f.id, `the id of ${f.fileName}`));
        // A delete that got no answer may or may not have happened, and one refused did not:
        // nothing to prove gone (the asset answering 200 then is right, not a finding).
        for (const file of state.files) {
          ctx.need(
            file.deleteStatus === 204 ? file.deleteStatus : undefined,
            `a 204 to the delete of ${file.fileName}`,
          );
        }
        const [listed, folder] = await Promise.all([
          ctx.call({
            operationId: 'list-assets',
            params: { site_id: ctx.vars.siteId as string },
            query: { folderId },
            expect: 200,
          }),
          ctx.call({ operationId: 'get-asset-folder', params: { asset_folder_id: folderId }, expect: 200 }),
          ...ids.map((asset_id) => ctx.call({ operationId: 'get-asset', params: { asset_id }, expect: 404 })),
          ctx.call({ operationId: 'delete-asset', params: { asset_id: ids[0] as string }, expect: 404 }),
        ]);
        ctx.expectEqual(
          'deleted-means-gone',
          {
            assets: list(listed?.body, 'assets'),
            pagination: { total: record(record(listed?.body).pagination).total },
          },
          { assets: [], pagination: { total: 0 } },
          { operationId: 'list-assets', of: listed },
        );
        const remaining = list(folder?.body, 'assets').filter((id) => ids.includes(id as string));
        ctx.expectEqual('deleted-means-gone', remaining, [], {
          operationId: 'get-asset-folder',
          pointer: '/assets',
          of: folder,
        });
      },
    },
  ];
}
