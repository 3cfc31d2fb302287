import { describe, expect, it } from 'vitest';
import { createCleanupRegistry } from './cleanup-registry.js';
import { TransportError } from './operation-caller.js';
import type { CleanupCall } from './scenario-types.js';

const call: CleanupCall = async () => ({ status: 204, body: undefined });

describe('createCleanupRegistry', () => {
  it('removes resources newest first and reports them', async () => {
    const registry = createCleanupRegistry();
    const order: string[] = [];
    for (const id of ['a', 'b']) {
      registry.register({ kind: 'asset', id, label: id, remove: async () => void order.push(id) });
    }
    const report = await registry.cleanup(call);
    expect(order).toEqual(['b', 'a']);
    expect(report.removed.map((r) => r.id)).toEqual(['b', 'a']);
    expect(registry.pending()).toEqual([]);
  });

  it('stops trying once two removals in a row got no answer, and reports the rest untried', async () => {
    const registry = createCleanupRegistry();
    const tried: string[] = [];
    for (const id of ['a', 'b', 'c', 'd']) {
      registry.register({
        kind: 'asset',
        id,
        label: id,
        remove: async () => {
          tried.push(id);
          throw new TransportError(`DELETE ${id} failed: fetch failed`, { method: 'DELETE', url: id, headers: {} });
        },
      });
    }
    const report = await registry.cleanup(call);
    expect(tried).toEqual(['d', 'c']);
    expect(report.failed.map((f) => [f.id, f.error])).toEqual([
      ['d', 'DELETE d failed: fetch failed'],
      ['c', 'DELETE c failed: fetch failed'],
      ['b', 'not tried: the target stopped answering'],
      ['a', 'not tried: the target stopped answering'],
    ]);
    expect(registry.pending().map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reports resources the API cannot remove as left, with the reason', async () => {
    const registry = createCleanupRegistry();
    registry.register({
      kind: 'asset folder',
      id: 'f',
      label: 'assetkit-conformance-x',
      leftReason: 'no delete endpoint',
    });
    const report = await registry.cleanup(call);
    expect(report.left).toEqual([
      { kind: 'asset folder', id: 'f', label: 'assetkit-conformance-x', reason: 'no delete endpoint' },
    ]);
  });

  it('keeps going after a removal fails, and reports the failure', async () => {
    const registry = createCleanupRegistry();
    registry.register({ kind: 'asset', id: 'a', label: 'a', remove: async () => {} });
    registry.register({
      kind: 'asset',
      id: 'b',
      label: 'b',
      remove: async () => {
        throw new Error('delete-asset answered 500');
      },
    });
    const report = await registry.cleanup(call);
    expect(report.failed).toEqual([{ kind: 'asset', id: 'b', label: 'b', error: 'delete-asset answered 500' }]);
    expect(report.removed.map((r) => r.id)).toEqual(['a']);
  });

  it('sends a removal again after a server failure, for every kind, and says how many attempts a failed one took', async () => {
    const registry = createCleanupRegistry();
    const statuses: Record<string, number[]> = { a: [503, 204], p: [502, 204], b: [503, 503, 503] };
    const call: CleanupCall = async (spec) => ({
      status: statuses[spec.params?.id as string]?.shift() ?? 500,
      body: undefined,
      headers: new Headers({ 'retry-after': '0' }),
    });
    for (const [kind, id] of [
      ['asset', 'a'],
      ['asset path', 'p'],
      ['asset', 'b'],
    ] as const) {
      registry.register({
        kind,
        id,
        label: id,
        remove: async (removal) => {
          const { status } = await removal({ operationId: 'delete', params: { id } });
          if (status !== 204) {
            throw new Error(`delete answered ${status}`);
          }
        },
      });
    }
    const report = await registry.cleanup(call);
    expect(report.removed).toEqual([
      { kind: 'asset path', id: 'p', label: 'p', attempts: 2 },
      { kind: 'asset', id: 'a', label: 'a', attempts: 2 },
    ]);
    expect(report.failed).toEqual([{ kind: 'asset', id: 'b', label: 'b', error: 'delete answered 503', attempts: 3 }]);
  });

  it('forgets released resources', async () => {
    const registry = createCleanupRegistry();
    registry.register({ kind: 'asset', id: 'a', label: 'a', remove: async () => {} });
    registry.release('asset', 'a');
    expect(registry.has('asset', 'a')).toBe(false);
    expect((await registry.cleanup(call)).removed).toEqual([]);
  });
});
