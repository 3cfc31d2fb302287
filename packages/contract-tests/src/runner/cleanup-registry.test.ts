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

  it('forgets released resources', async () => {
    const registry = createCleanupRegistry();
    registry.register({ kind: 'asset', id: 'a', label: 'a', remove: async () => {} });
    registry.release('asset', 'a');
    expect(registry.has('asset', 'a')).toBe(false);
    expect((await registry.cleanup(call)).removed).toEqual([]);
  });
});
