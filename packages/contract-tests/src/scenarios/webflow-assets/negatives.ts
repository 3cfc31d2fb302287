import type { CallSpec, Scenario, StepContext, StepDef } from '../../runner/scenario-types.js';
import { MALFORMED_ID, makePng, md5Hex, runName, UNKNOWN_ID } from './fixtures.js';
import { registerIfCreated } from './lifecycle-state.js';

type Call = Omit<CallSpec, 'expect'>;

/**
 * An unknown site is also one the token may not act on: the spec documents 403 for that ("may not
 * act on this site"), which a site-scoped token (Webflow's own, or a proxy key bound to sites)
 * answers instead of 404.
 */
const UNKNOWN_SITE = [404, 403] as const;

/** Sends calls in parallel, all expecting `status`; creates that wrongly succeed are cleaned up. */
async function all(ctx: StepContext, status: CallSpec['expect'], calls: Call[]): Promise<void> {
  await Promise.all(
    calls.map(async (call) => {
      const res = await ctx.call({ ...call, expect: status });
      if (status === UNKNOWN_SITE && res.status === 403) {
        ctx.untriggerable({
          operationId: call.operationId,
          status: '404',
          reason: 'the token may act only on its own sites: an unknown site answers 403',
        });
      }
      if (call.operationId === 'create-asset' || call.operationId === 'create-asset-folder') {
        const kind = call.operationId === 'create-asset' ? 'asset' : 'asset folder';
        const fileName = (call.body as { fileName?: unknown } | undefined)?.fileName;
        registerIfCreated(ctx, res, kind, `${kind} created by a request that should have failed`, fileName);
      }
    }),
  );
}

function site(ctx: StepContext): string {
  return ctx.vars.siteId as string;
}

/** Valid create bodies: a request that fails must fail for the reason under test only. */
function validBodies(ctx: StepContext) {
  const bytes = makePng(`${runName(ctx.runId)} negative`);
  return {
    asset: { fileName: `${runName(ctx.runId)}-negative.png`, fileHash: md5Hex(bytes) },
    folder: { displayName: `${runName(ctx.runId)}-negative` },
  };
}

const readSteps = (): StepDef[] => [
  {
    name: 'unknown ids answer 404',
    run: (ctx) =>
      Promise.all([
        all(ctx, 404, [
          { operationId: 'get-asset', params: { asset_id: UNKNOWN_ID } },
          { operationId: 'get-asset-folder', params: { asset_folder_id: UNKNOWN_ID } },
        ]),
        all(ctx, UNKNOWN_SITE, [
          { operationId: 'list-assets', params: { site_id: UNKNOWN_ID } },
          { operationId: 'list-asset-folders', params: { site_id: UNKNOWN_ID } },
        ]),
      ]).then(() => undefined),
  },
  {
    name: 'malformed ids answer 400',
    run: (ctx) =>
      all(ctx, 400, [
        { operationId: 'get-asset', params: { asset_id: MALFORMED_ID } },
        { operationId: 'get-asset-folder', params: { asset_folder_id: MALFORMED_ID } },
        { operationId: 'list-assets', params: { site_id: MALFORMED_ID } },
        { operationId: 'list-asset-folders', params: { site_id: MALFORMED_ID } },
      ]),
  },
  {
    name: 'bad query parameters answer 400',
    run: (ctx) =>
      all(
        ctx,
        400,
        [{ limit: 0 }, { limit: 101 }, { offset: -1 }, { folderId: MALFORMED_ID }].map((query) => ({
          operationId: 'list-assets',
          params: { site_id: site(ctx) },
          query,
        })),
      ),
  },
  {
    name: 'no token or a wrong token answers 401',
    run: (ctx) =>
      all(ctx, 401, [
        { operationId: 'list-assets', params: { site_id: site(ctx) }, auth: 'none' },
        { operationId: 'list-asset-folders', params: { site_id: site(ctx) }, auth: 'none' },
        { operationId: 'get-asset', params: { asset_id: UNKNOWN_ID }, auth: 'none' },
        { operationId: 'get-asset-folder', params: { asset_folder_id: UNKNOWN_ID }, auth: 'none' },
        {
          operationId: 'list-assets',
          params: { site_id: site(ctx) },
          auth: { bearer: 'assetkit-conformance-not-a-token' },
        },
      ]),
  },
];

const writeSteps = (): StepDef[] => [
  {
    name: 'unknown ids answer 404',
    run: (ctx) =>
      Promise.all([
        all(ctx, 404, [
          { operationId: 'patch-asset', params: { asset_id: UNKNOWN_ID }, body: { displayName: 'x' } },
          { operationId: 'delete-asset', params: { asset_id: UNKNOWN_ID } },
        ]),
        all(ctx, UNKNOWN_SITE, [
          { operationId: 'create-asset', params: { site_id: UNKNOWN_ID }, body: validBodies(ctx).asset },
          { operationId: 'create-asset-folder', params: { site_id: UNKNOWN_ID }, body: validBodies(ctx).folder },
        ]),
      ]).then(() => undefined),
  },
  {
    name: 'malformed ids answer 400',
    run: (ctx) =>
      all(ctx, 400, [
        { operationId: 'patch-asset', params: { asset_id: MALFORMED_ID }, body: { displayName: 'x' } },
        { operationId: 'delete-asset', params: { asset_id: MALFORMED_ID } },
        { operationId: 'create-asset', params: { site_id: MALFORMED_ID }, body: validBodies(ctx).asset },
        { operationId: 'create-asset-folder', params: { site_id: MALFORMED_ID }, body: validBodies(ctx).folder },
      ]),
  },
  {
    name: 'bad bodies answer 400',
    run: (ctx) => {
      const { asset } = validBodies(ctx);
      const params = { site_id: site(ctx) };
      return all(ctx, 400, [
        { operationId: 'create-asset', params, body: { fileName: asset.fileName } },
        { operationId: 'create-asset', params, body: { ...asset, fileHash: 'not-an-md5' } },
        { operationId: 'create-asset', params, body: { ...asset, fileName: `${'x'.repeat(96)}.png` } },
        { operationId: 'create-asset', params, body: { ...asset, filename: asset.fileName } },
        { operationId: 'create-asset-folder', params, body: {} },
        { operationId: 'create-asset-folder', params, rawBody: '{"displayName": "unterminated' },
      ]);
    },
  },
  {
    name: 'no token answers 401',
    run: (ctx) => {
      const { asset, folder } = validBodies(ctx);
      return all(ctx, 401, [
        { operationId: 'create-asset', params: { site_id: site(ctx) }, body: asset, auth: 'none' },
        { operationId: 'create-asset-folder', params: { site_id: site(ctx) }, body: folder, auth: 'none' },
        { operationId: 'patch-asset', params: { asset_id: UNKNOWN_ID }, body: { displayName: 'x' }, auth: 'none' },
        { operationId: 'delete-asset', params: { asset_id: UNKNOWN_ID }, auth: 'none' },
      ]);
    },
  },
  {
    name: 'a read-only token cannot create (403)',
    run: (ctx) => {
      if (!ctx.hasReadOnlyToken) {
        ctx.skip(`pass ${ctx.optionNames.readOnlyToken} with a token that has assets:read only to test this`);
      }
      const { asset, folder } = validBodies(ctx);
      return all(ctx, 403, [
        { operationId: 'create-asset', params: { site_id: site(ctx) }, body: asset, auth: 'read-only' },
        { operationId: 'create-asset-folder', params: { site_id: site(ctx) }, body: folder, auth: 'read-only' },
      ]);
    },
  },
];

/** Requests a conforming server refuses without writing anything: GET only. */
export const negativeReads: Scenario = {
  name: 'negative reads',
  description: 'Unknown and malformed ids, bad query parameters and missing tokens on read operations.',
  writes: false,
  steps: readSteps,
};

/** Write requests a conforming server refuses; anything it wrongly creates is cleaned up. */
export const negativeWrites: Scenario = {
  name: 'negative writes',
  description: 'Unknown and malformed ids, bad bodies, missing tokens and missing scopes on write operations.',
  writes: true,
  steps: writeSteps,
};
