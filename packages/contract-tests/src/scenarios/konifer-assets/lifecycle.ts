import type { Exchange, Scenario, StepContext, StepDef } from '../../runner/scenario-types.js';
import { list, record } from '../webflow-assets/fixtures.js';
import { runPath, storeAt } from './run-paths.js';

/** What the lifecycle's steps hand to each other. */
interface LifecycleState {
  path?: string;
  entryId?: string;
  stored?: Record<string, unknown>;
  updated?: Record<string, unknown>;
}

/** The metadata the lifecycle stores (the seed page's, plus the run id as a label to filter on). */
const STORED = (runId: string) => ({
  alt: 'Profile Picture',
  labels: { department: 'engineering', run: runId },
  tags: ['headshot', 'team'],
});

/** A partial PUT body: the docs warn that everything it leaves out is erased. */
const PARTIAL = { tags: ['updated'] };

/**
 * alt, labels and tags in a form compared exactly: labels as entries, so a label that should have
 * been erased is a difference even where one-sided object keys are tolerated (non-strict runs).
 */
function exactly(asset: Record<string, unknown>): Record<string, unknown> {
  return { alt: asset.alt, labels: Object.entries(record(asset.labels)), tags: asset.tags };
}

/** A whole asset with its labels as entries (compared exactly; other one-sided keys stay tolerated). */
function comparable(asset: unknown): Record<string, unknown> {
  return { ...record(asset), labels: Object.entries(record(record(asset).labels)) };
}

function expectGone(ctx: StepContext, res: Exchange, check: string): void {
  ctx.expect(check, res.status === 404 && res.text === '', {
    pointer: '',
    message: `a fetch of a missing asset should answer 404 with no body, got ${res.status} ${JSON.stringify(res.text.slice(0, 80))}`,
    expected: '404, empty body',
    actual: `${res.status}, ${res.text.length} bytes`,
    of: res,
  });
}

function storeSteps(state: LifecycleState): StepDef[] {
  return [
    {
      name: 'store an image (multipart metadata + asset)',
      run: async (ctx) => {
        const path = runPath(ctx, 'lifecycle');
        const res = await storeAt(ctx, path, STORED(ctx.runId));
        const asset = record(res.body);
        if (res.status === 201) {
          state.path = path;
          state.entryId = String(asset.entryId);
          state.stored = asset;
        }
        const op = { operationId: 'store-asset', of: res };
        ctx.expectEqual('store-echoes-request', exactly(asset), exactly(STORED(ctx.runId)), op);
        ctx.expectEqual('first-entry-is-0', asset.entryId, 0, { ...op, pointer: '/entryId' });
        const original = list(asset, 'variants')
          .map(record)
          .find((v) => v.isOriginalVariant === true);
        ctx.expectEqual('store-reads-image', record(original?.attributes), { width: 2, height: 2, format: 'png' }, op);
        const location = res.headers.get('location') ?? '';
        ctx.expect('location-names-entry', location.endsWith(`/assets/${path}/-/entry/${String(asset.entryId)}`), {
          pointer: '/location',
          message: `Location should name the new entry (…/assets/${path}/-/entry/${String(asset.entryId)}), got ${JSON.stringify(location)}`,
          ...op,
        });
      },
    },
    {
      name: 'fetch its metadata by entry, order and label',
      run: async (ctx) => {
        const path = ctx.need(state.path, 'the stored asset');
        const entryId = ctx.need(state.entryId, 'its entryId');
        const labels = { department: 'engineering' };
        const [entry, newest, modified, filtered, all] = await Promise.all([
          ctx.call({ operationId: 'get-entry-metadata', params: { path, entryId }, expect: 200 }),
          ctx.call({ operationId: 'get-new-metadata', params: { path }, expect: 200 }),
          ctx.call({ operationId: 'get-modified-metadata', params: { path }, expect: 200 }),
          ctx.call({ operationId: 'get-metadata', params: { path }, query: labels, expect: 200 }),
          ctx.call({ operationId: 'get-metadata', params: { path }, query: { limit: -1 }, expect: 200 }),
        ]);
        for (const res of [entry, newest, modified, filtered]) {
          ctx.expectEqual('metadata-equals-store', comparable(res.body), comparable(state.stored), {
            operationId: 'get-metadata',
            of: res,
          });
        }
        ctx.expectEqual(
          'limit-gives-an-array',
          Array.isArray(all.body) ? all.body.map(comparable) : all.body,
          [comparable(state.stored)],
          { operationId: 'get-metadata', of: all },
        );
        const other = await ctx.call({
          operationId: 'get-metadata',
          params: { path },
          query: { department: 'marketing' },
          expect: 404,
        });
        expectGone(ctx, other, 'label-filter-excludes');
      },
    },
  ];
}

function updateSteps(state: LifecycleState): StepDef[] {
  return [
    {
      name: 'PUT a partial body: the fields it leaves out are erased',
      run: async (ctx) => {
        const path = ctx.need(state.path, 'the stored asset');
        const entryId = ctx.need(state.entryId, 'its entryId');
        const res = await ctx.call({
          operationId: 'update-asset',
          params: { path, entryId },
          body: PARTIAL,
          expect: 200,
        });
        const asset = record(res.body);
        if (res.status === 200) {
          state.updated = asset;
        }
        const op = { operationId: 'update-asset', of: res };
        ctx.expectEqual('put-replaces-everything', exactly(asset), exactly({ labels: {}, tags: PARTIAL.tags }), op);
        ctx.expectEqual('put-keeps-created-at', asset.createdAt, state.stored?.createdAt, {
          ...op,
          pointer: '/createdAt',
        });
        const later = String(asset.modifiedAt ?? '') > String(state.stored?.modifiedAt ?? '');
        ctx.expect('put-advances-modified-at', later, {
          pointer: '/modifiedAt',
          message: `modifiedAt should advance past ${String(state.stored?.modifiedAt)}, got ${String(asset.modifiedAt)}`,
          ...op,
        });
      },
    },
    {
      name: "the metadata equals PUT's response",
      run: async (ctx) => {
        const path = ctx.need(state.path, 'the stored asset');
        const entryId = ctx.need(state.entryId, 'its entryId');
        const updated = ctx.need(state.updated, 'the PUT response');
        const [entry, modified] = await Promise.all([
          ctx.call({ operationId: 'get-entry-metadata', params: { path, entryId }, expect: 200 }),
          ctx.call({ operationId: 'get-modified-metadata', params: { path }, expect: 200 }),
        ]);
        ctx.expectEqual('metadata-equals-put', comparable(entry.body), comparable(updated), {
          operationId: 'get-entry-metadata',
          of: entry,
        });
        ctx.expectEqual('metadata-equals-put', comparable(modified.body), comparable(updated), {
          operationId: 'get-modified-metadata',
          of: modified,
        });
      },
    },
    {
      name: 'delete it: then it answers 404 with no body',
      run: async (ctx) => {
        const path = ctx.need(state.path, 'the stored asset');
        const entryId = ctx.need(state.entryId, 'its entryId');
        await ctx.call({ operationId: 'delete-entry', params: { path, entryId }, expect: 204 });
        const [entry, newest] = await Promise.all([
          ctx.call({ operationId: 'get-entry-metadata', params: { path, entryId }, expect: 404 }),
          ctx.call({ operationId: 'get-metadata', params: { path }, expect: 404 }),
        ]);
        expectGone(ctx, entry, 'deleted-means-gone');
        expectGone(ctx, newest, 'deleted-means-gone');
      },
    },
  ];
}

const deleteSteps = (): StepDef[] => [
  {
    name: 'entryIds count per path; delete by path, then recursively',
    run: async (ctx) => {
      const tree = runPath(ctx, 'tree');
      const leaf = runPath(ctx, 'tree', 'leaf');
      const first = await storeAt(ctx, tree, {});
      const second = await storeAt(ctx, tree, {});
      const child = await storeAt(ctx, leaf, {});
      const ids = [first, second, child].map((res) => record(res.body).entryId);
      ctx.expectEqual('entry-ids-count-per-path', ids, [0, 1, 0], { operationId: 'store-asset', of: child });
      await ctx.call({ operationId: 'delete-assets', params: { path: tree }, query: { limit: -1 }, expect: 204 });
      const emptied = await ctx.call({
        operationId: 'get-metadata',
        params: { path: tree },
        query: { limit: -1 },
        expect: 200,
      });
      ctx.expectEqual('delete-by-path-empties-it', emptied.body, [], { operationId: 'get-metadata', of: emptied });
      await ctx.call({ operationId: 'delete-recursive', params: { path: runPath(ctx) }, expect: 204 });
      expectGone(
        ctx,
        await ctx.call({ operationId: 'get-metadata', params: { path: leaf }, expect: 404 }),
        'recursive-delete-reaches-sub-paths',
      );
    },
  },
];

/**
 * Konifer's asset life, as its docs describe it: store (multipart) → metadata (by entry, order,
 * label, `limit`) → a partial PUT erases what it leaves out → metadata equals PUT's response →
 * delete → 404 with no body; then entryIds per path, delete by path and recursive delete.
 */
export const lifecycle: Scenario = {
  name: 'lifecycle',
  description: 'Stores an image, reads its metadata, replaces it with a partial PUT, deletes it and proves it gone.',
  writes: true,
  steps: () => {
    const state: LifecycleState = {};
    return [...storeSteps(state), ...updateSteps(state), ...deleteSteps()];
  },
};
