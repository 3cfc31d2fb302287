import type { CallSpec, Scenario, StepContext, StepDef } from '../../runner/scenario-types.js';
import { record } from '../webflow-assets/fixtures.js';
import { metadataOf, runPath, runPathResource, storeAt, storeForm } from './run-paths.js';

type Call = Omit<CallSpec, 'expect'>;

/** Sends calls in parallel, all expecting `status`. */
async function all(ctx: StepContext, status: number, calls: Call[]): Promise<void> {
  await Promise.all(calls.map((call) => ctx.call({ ...call, expect: status })));
}

const many = (n: number) => Array.from({ length: n }, (_, i) => `item-${i}`);

/** Konifer's limits, each broken once: alt ≤ 125, ≤ 50 labels (key ≤ 128, value ≤ 256), ≤ 50 tags of ≤ 256. */
export const OVER_THE_LIMITS: readonly [string, Record<string, unknown>][] = [
  ['alt of 126 characters', { alt: 'a'.repeat(126) }],
  ['51 labels', { labels: Object.fromEntries(many(51).map((k) => [k, 'v'])) }],
  ['a label key of 129 characters', { labels: { ['k'.repeat(129)]: 'v' } }],
  ['a label value of 257 characters', { labels: { k: 'v'.repeat(257) } }],
  ['51 tags', { tags: many(51) }],
  ['a tag of 257 characters', { tags: ['t'.repeat(257)] }],
];

const readSteps = (): StepDef[] => [
  {
    name: 'bad parameters and paths answer 400',
    run: (ctx) => {
      const path = runPath(ctx, 'reads');
      return all(ctx, 400, [
        { operationId: 'get-metadata', params: { path }, query: { limit: 'abc' } },
        { operationId: 'get-new-metadata', params: { path }, query: { limit: 0 } },
        { operationId: 'get-modified-metadata', params: { path }, query: { w: 100 } },
        { operationId: 'get-entry-metadata', params: { path, entryId: 'first' } },
      ]);
    },
  },
  {
    name: 'a missing asset answers 404',
    run: (ctx) => {
      const path = runPath(ctx, 'missing');
      return all(ctx, 404, [
        { operationId: 'get-metadata', params: { path } },
        { operationId: 'get-new-metadata', params: { path } },
        { operationId: 'get-modified-metadata', params: { path } },
        { operationId: 'get-entry-metadata', params: { path, entryId: '0' } },
      ]);
    },
  },
];

/** Reads that must be refused or find nothing: GET only, so they also run with `--read-only`. */
export const negativeReads: Scenario = {
  name: 'negative reads',
  description: 'Bad limits, reserved label names and entry ids answer 400; a missing asset 404 with no body.',
  writes: false,
  steps: readSteps,
};

function writeSteps(state: { path?: string; stored?: Record<string, unknown> }): StepDef[] {
  return [
    {
      name: 'store the asset the limits are tried on',
      run: async (ctx) => {
        const path = runPath(ctx, 'limits');
        const res = await storeAt(ctx, path, { alt: 'unchanged' });
        if (res.status === 201) {
          state.path = path;
          state.stored = record(res.body);
        }
      },
    },
    {
      name: 'a PUT over each limit answers 400 and changes nothing',
      run: async (ctx) => {
        const path = ctx.need(state.path, 'the stored asset');
        const params = { path, entryId: '0' };
        await all(ctx, 400, [
          ...OVER_THE_LIMITS.map(([, body]) => ({ operationId: 'update-asset', params, body })),
          { operationId: 'update-asset', params, rawBody: '{"alt": ' },
        ]);
        const now = await ctx.call({ operationId: 'get-entry-metadata', params, expect: 200 });
        ctx.expectEqual('refused-put-changes-nothing', metadataOf(now.body), metadataOf(state.stored), {
          operationId: 'get-entry-metadata',
          of: now,
        });
      },
    },
    {
      name: 'a store over a limit, or without its parts, answers 400',
      run: (ctx) => {
        const params = { path: runPath(ctx, 'refused') };
        const label = `${params.path} refused`;
        // A server that wrongly stores one of these leaves it below the run's path, removed at cleanup.
        ctx.register(runPathResource(runPath(ctx)));
        return all(ctx, 400, [
          { operationId: 'store-asset', params, form: storeForm({ tags: many(51) }, label) },
          { operationId: 'store-asset', params, form: storeForm({}, label, { metadata: false }) },
          { operationId: 'store-asset', params, form: storeForm({}, label, { asset: false }) },
        ]);
      },
    },
    {
      name: 'a PUT to a missing entry answers 404',
      run: (ctx) =>
        all(ctx, 404, [
          { operationId: 'update-asset', params: { path: runPath(ctx, 'missing'), entryId: '999999' }, body: {} },
        ]),
    },
    {
      name: 'bad deletes answer 400',
      run: (ctx) => {
        const path = runPath(ctx, 'deletes');
        return all(ctx, 400, [
          { operationId: 'delete-assets', params: { path }, query: { limit: 'all' } },
          { operationId: 'delete-entry', params: { path, entryId: '-1' } },
          { operationId: 'delete-recursive', params: { path }, query: { limit: 2 } },
        ]);
      },
    },
  ];
}

/** Writes that must be refused: Konifer's limits on PUT and store, missing parts, missing entries, bad deletes. */
export const negativeWrites: Scenario = {
  name: 'negative writes',
  description:
    "Each of Konifer's metadata limits on PUT and store, a store without its parts, a PUT to a missing entry.",
  writes: true,
  steps: () => writeSteps({}),
};
