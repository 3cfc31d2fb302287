import { describe, expect, it } from 'vitest';
import { credentialWatch } from './credential-watch.js';

describe('credentialWatch', () => {
  it('reports the first refusal and the first acceptance after it, and nothing in between', () => {
    let t = Date.parse('2026-12-04T10:00:00Z');
    const watch = credentialWatch(() => t);
    expect(watch.current()).toEqual({ state: 'unused' });
    expect([200, 404, 403].map((s) => watch.observe(s))).toEqual([undefined, undefined, undefined]);
    expect(watch.current()).toEqual({ state: 'accepted', since: '2026-12-04T10:00:00.000Z' });
    t += 60_000;
    expect([401, 401, 401].map((s) => watch.observe(s))).toEqual(['refused', undefined, undefined]);
    expect(watch.current()).toEqual({ state: 'refused', since: '2026-12-04T10:01:00.000Z' });
    t += 60_000;
    expect([429, 200].map((s) => watch.observe(s))).toEqual(['accepted-again', undefined]);
    expect(watch.current()).toEqual({ state: 'accepted', since: '2026-12-04T10:02:00.000Z' });
  });

  it('reports a token refused from the very first answer', () => {
    const watch = credentialWatch();
    expect(watch.observe(401)).toBe('refused');
    expect(watch.current().state).toBe('refused');
  });
});
