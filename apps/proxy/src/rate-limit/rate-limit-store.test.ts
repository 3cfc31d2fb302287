import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withFallback } from './fallback-store.js';
import { createMemoryStore } from './memory-store.js';
import { gcra, type RateLimitStore } from './rate-limit-store.js';
import { createRedisStore } from './redis-store.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

describe('gcra', () => {
  it('allows a full burst of the limit, then refuses with the time until the next request', () => {
    let tat: number | undefined;
    const now = 1_000_000;
    const remaining: number[] = [];
    for (let i = 0; i < 3; i++) {
      const d = gcra(tat, now, 3, 60_000);
      expect(d.allowed).toBe(true);
      remaining.push(d.remaining);
      tat = d.tat;
    }
    expect(remaining).toEqual([2, 1, 0]);
    const refused = gcra(tat, now, 3, 60_000);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 20_000 });
    expect(gcra(tat, now + 20_000, 3, 60_000).allowed).toBe(true);
  });
});

async function drain(store: RateLimitStore, key: string, limit: number, attempts: number): Promise<number> {
  let allowed = 0;
  for (let i = 0; i < attempts; i++) {
    if ((await store.take(key, limit, 60_000)).allowed) {
      allowed++;
    }
  }
  return allowed;
}

describe('the memory store', () => {
  const store = createMemoryStore();
  afterAll(() => store.close());

  it('keeps one budget per key', async () => {
    expect(await drain(store, 'a', 5, 8)).toBe(5);
    expect(await drain(store, 'b', 5, 8)).toBe(5);
  });
});

describe('the Redis store (real Redis at 127.0.0.1:6379)', () => {
  const prefix = `assetkit:test:${process.pid}:${Date.now()}:`;
  const one = createRedisStore(REDIS_URL, { prefix });
  const two = createRedisStore(REDIS_URL, { prefix });
  beforeAll(async () => {
    expect(await one.ready(5_000)).toBe(true);
    expect(await two.ready(5_000)).toBe(true);
  });
  afterAll(async () => {
    const keys = await one.redis.keys(`${prefix}*`);
    if (keys.length > 0) {
      await one.redis.del(...keys);
    }
    await Promise.all([one.close(), two.close()]);
  });

  it('shares one budget between two clients, atomically under concurrency', async () => {
    const takes = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? one : two).take('shared', 25, 60_000));
    const decisions = await Promise.all(takes);
    expect(decisions.filter((d) => d.allowed)).toHaveLength(25);
    const refused = decisions.find((d) => !d.allowed);
    expect(refused?.retryAfterMs).toBeGreaterThan(0);
    expect(refused?.remaining).toBe(0);
  });

  it('reports the remaining budget as it is spent', async () => {
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      seen.push((await one.take('counting', 3, 60_000)).remaining);
    }
    expect(seen).toEqual([2, 1, 0]);
  });
});

describe('withFallback', () => {
  it('falls back to memory when Redis is unreachable, says so once, and counts there', async () => {
    const unreachable = createRedisStore('redis://127.0.0.1:1', { commandTimeoutMs: 50 });
    const switches: string[] = [];
    const store = withFallback(unreachable, createMemoryStore(), 'redis', (backend) => switches.push(backend));
    expect(await drain(store, 'k', 2, 4)).toBe(2);
    expect(store.backend).toBe('memory');
    expect(switches).toEqual(['memory']);
    await store.close();
  });
});
