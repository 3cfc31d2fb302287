import { describe, expect, it } from 'vitest';
import { createFaultInjector } from './fault-injector.js';

describe('createFaultInjector', () => {
  it('injects nothing by default', () => {
    expect(createFaultInjector().plan('get-asset')).toBeUndefined();
  });

  it('fires a rule without count or rate on every matching request', () => {
    const faults = createFaultInjector({ error: { status: 500 } });
    for (let i = 0; i < 3; i++) {
      expect(faults.plan('get-asset')?.error).toEqual({ status: 500, retryAfterSeconds: undefined });
    }
  });

  it('fires a counted rule on the next N matching requests only, and reports what is left', () => {
    const faults = createFaultInjector({ operations: ['get-asset'], error: { status: 503, count: 2 } });
    expect(faults.plan('list-assets')).toBeUndefined();
    expect(faults.plan('get-asset')?.error?.status).toBe(503);
    expect(faults.current()?.error?.count).toBe(1);
    expect(faults.plan('get-asset')?.error?.status).toBe(503);
    expect(faults.plan('get-asset')?.error).toBeUndefined();
    expect(faults.current()?.error?.count).toBe(0);
  });

  it('fires a rate rule on a reproducible share of requests for a given seed', () => {
    const pattern = (seed: number) => {
      const faults = createFaultInjector({ drop: { rate: 0.3 }, seed });
      return Array.from({ length: 200 }, () => (faults.plan('get-asset')?.drop ? 1 : 0));
    };
    const first = pattern(7);
    expect(pattern(7)).toEqual(first);
    expect(pattern(8)).not.toEqual(first);
    const share = first.reduce<number>((sum, hit) => sum + hit, 0) / first.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.45);
  });

  it('decides drop before error before invalid JSON, one per request', () => {
    const faults = createFaultInjector({
      drop: { count: 1 },
      error: { status: 429, retryAfterSeconds: 9, count: 1 },
      invalidJson: { count: 1 },
    });
    expect(faults.plan('get-asset')).toMatchObject({ drop: true, error: undefined, invalidJson: false });
    expect(faults.plan('get-asset')).toMatchObject({ drop: false, error: { status: 429, retryAfterSeconds: 9 } });
    expect(faults.plan('get-asset')).toMatchObject({ drop: false, error: undefined, invalidJson: true });
    expect(faults.plan('get-asset')).toMatchObject({ drop: false, error: undefined, invalidJson: false, latencyMs: 0 });
  });

  it('uses a drift count only on operations the kind applies to', () => {
    const faults = createFaultInjector({ drift: { kind: 'height-as-string', count: 1 } });
    expect(faults.drift('list-asset-folders')).toBeUndefined();
    expect(faults.drift('get-asset')).toBe('height-as-string');
    expect(faults.drift('get-asset')).toBeUndefined();
  });

  it('replaces and clears the configuration without sharing the caller object', () => {
    const config = { error: { status: 500 as const, count: 1 } };
    const faults = createFaultInjector();
    faults.set(config);
    faults.plan('get-asset');
    expect(config.error.count).toBe(1);
    faults.set(null);
    expect(faults.current()).toBeNull();
  });
});
