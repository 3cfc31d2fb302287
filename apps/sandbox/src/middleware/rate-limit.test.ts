import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../test/helpers.js';
import { createRateLimiter } from '../api/rate-limiter.js';
import type { Sandbox } from '../start-sandbox.js';
import { startSandbox } from '../start-sandbox.js';

describe('createRateLimiter', () => {
  it('counts per key in fixed minute windows and never goes below zero', () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 30);
    const limiter = createRateLimiter({ limit: 2, now: () => now });
    expect(limiter.take('a')).toEqual({ allowed: true, limit: 2, remaining: 1, resetSeconds: 30 });
    expect(limiter.take('a').remaining).toBe(0);
    expect(limiter.take('a')).toEqual({ allowed: false, limit: 2, remaining: 0, resetSeconds: 30 });
    expect(limiter.take('b').allowed).toBe(true);
    now += 30_000;
    expect(limiter.take('a')).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 60 });
  });
});

describe('rate limiting over HTTP', () => {
  let sandbox: Sandbox;
  let now = Date.UTC(2026, 0, 1, 12, 0, 45, 250);
  let api: ReturnType<typeof apiClient>;
  const list = () => `/v2/sites/${sandbox.siteId}/assets`;

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimitPerMinute: 3, now: () => now });
    api = apiClient(sandbox);
  });
  afterAll(() => sandbox.close());

  it('sends the limit headers on every response and 429 with Retry-After to the end of the minute', async () => {
    const remaining: (string | null)[] = [];
    const created = await api.call('POST', list(), {
      json: { fileName: 'a.png', fileHash: 'd41d8cd98f00b204e9800998ecf8427e' },
    });
    remaining.push(created.headers.get('x-ratelimit-remaining'));
    const missing = await api.call('GET', `/v2/assets/${'0'.repeat(24)}`);
    remaining.push(missing.headers.get('x-ratelimit-remaining'));
    const deleted = await api.call('DELETE', `/v2/assets/${created.body.id}`);
    expect(deleted.status).toBe(204);
    remaining.push(deleted.headers.get('x-ratelimit-remaining'));
    expect(remaining).toEqual(['2', '1', '0']);
    expect(deleted.headers.get('x-ratelimit-limit')).toBe('3');

    const limited = await api.call('GET', list());
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'too_many_requests', message: 'Too many requests' });
    expect(limited.headers.get('retry-after')).toBe('15');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('gives every token its own budget', async () => {
    expect((await api.call('GET', list(), { token: sandbox.readOnlyToken })).status).toBe(200);
  });

  it('limits requests without a valid token by client address, answering 429 instead of 401 when spent', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await api.call('GET', list(), { token: `guess-${i}` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('starts a fresh budget in the next minute', async () => {
    now += 15_000;
    const res = await api.call('GET', list());
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('2');
  });
});
