import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CANARY_TOKEN,
  forwarded,
  KEYS,
  rateLimitBackendIs,
  type Stack,
  startProxy,
  startStack,
  type TestProxy,
} from '../test/harness.js';
import { eventually } from '../test/raw-client.js';
import { startPrivateRedis } from '../test/redis-server.js';
import { redisPrefix } from './rate-limit/create-store.js';

const LIMITED_KEYS = JSON.stringify([
  { name: 'small', key: KEYS.writer, scopes: ['assets:read', 'assets:write'], ratePerMinute: 3 },
  { name: 'other', key: KEYS.reader, scopes: ['assets:read'], ratePerMinute: 3 },
]);

async function statuses(proxy: TestProxy, path: string, key: string | null, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${proxy.url}${path}`, key ? { headers: { authorization: `Bearer ${key}` } } : {});
    await res.arrayBuffer();
    out.push(res.status);
  }
  return out;
}

describe('rate limiting per key (memory store)', () => {
  let stack: Stack;
  let path: string;
  beforeAll(async () => {
    stack = await startStack({ PROXY_KEYS: LIMITED_KEYS, RATE_LIMIT_UNAUTHENTICATED: '2' });
    path = `/v2/sites/${stack.sandbox.siteId}/asset_folders`;
  });
  afterAll(() => stack.close());

  it('gives each key its own budget and answers 429 like Webflow when it is spent, without forwarding', async () => {
    stack.sandbox.requests.clear();
    expect(await statuses(stack.proxy, path, KEYS.writer, 4)).toEqual([200, 200, 200, 429]);
    expect(await statuses(stack.proxy, path, KEYS.reader, 1)).toEqual([200]);
    const refused = await fetch(`${stack.proxy.url}${path}`, { headers: { authorization: `Bearer ${KEYS.writer}` } });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 'too_many_requests' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('x-ratelimit-limit')).toBe('3');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(forwarded(stack.sandbox)).toHaveLength(4);
  });

  it('rate-limits callers without a valid key too (guessing keys is throttled)', async () => {
    const res = await statuses(stack.proxy, path, 'guess-0123456789abcdef', 3);
    expect(res).toEqual([401, 401, 429]);
    // There is no key to blame: the refusal says whose budget it was.
    const refused = await fetch(`${stack.proxy.url}${path}`, { headers: { authorization: 'Bearer guess-x' } });
    expect(refused.status).toBe(429);
    expect((await refused.json()).message).toBe(
      'Too many requests: calls without valid credentials from this address have used their budget for the minute',
    );
  });
});

describe('the budgets of a proxy started on a clock of its own (startProxy({ now }))', () => {
  let stack: Stack;
  let now = 1_700_000_000_000;
  beforeAll(async () => {
    stack = await startStack({ PROXY_KEYS: LIMITED_KEYS }, {}, { now: () => now });
  });
  afterAll(() => stack.close());

  it('spends and refills a key budget on that clock, not the system one', async () => {
    const path = `/v2/sites/${stack.sandbox.siteId}/asset_folders`;
    expect(await statuses(stack.proxy, path, KEYS.writer, 4)).toEqual([200, 200, 200, 429]);
    // A budget of 3 a minute refills one request every 20 s of that clock.
    now += 20_000;
    expect(await statuses(stack.proxy, path, KEYS.writer, 2)).toEqual([200, 429]);
  });
});

// Found in review: behind a load balancer every caller's address was the balancer's, so all callers
// without a valid key shared one budget, and one of them guessing keys used it up for everyone.
describe('the per-address budget behind a trusted load balancer (TRUSTED_PROXIES)', () => {
  const from = async (proxy: TestProxy, path: string, forwardedFor: string, count: number) => {
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const res = await fetch(`${proxy.url}${path}`, {
        headers: { authorization: 'Bearer guess-0123456789abcdef', 'x-forwarded-for': forwardedFor },
      });
      await res.arrayBuffer();
      out.push(res.status);
    }
    return out;
  };

  it('counts each caller X-Forwarded-For names, and not what a caller writes in it', async () => {
    const stack = await startStack({ RATE_LIMIT_UNAUTHENTICATED: '2', TRUSTED_PROXIES: '127.0.0.1' });
    try {
      const path = `/v2/sites/${stack.sandbox.siteId}/asset_folders`;
      expect(await from(stack.proxy, path, '203.0.113.7', 3)).toEqual([401, 401, 429]);
      // Another caller has a budget of its own.
      expect(await from(stack.proxy, path, '198.51.100.1', 1)).toEqual([401]);
      // What the first caller writes to the left of the balancer's entry buys it nothing.
      expect(await from(stack.proxy, path, '192.0.2.99, 203.0.113.7', 1)).toEqual([429]);
      // Any address of one IPv6 /64 is one caller.
      expect(await from(stack.proxy, path, '2001:db8:1:2::1', 2)).toEqual([401, 401]);
      expect(await from(stack.proxy, path, '2001:db8:1:2::2', 1)).toEqual([429]);
      expect(forwarded(stack.sandbox)).toEqual([]);
    } finally {
      await stack.close();
    }
  });

  it('ignores X-Forwarded-For from a peer it does not trust', async () => {
    const stack = await startStack({ RATE_LIMIT_UNAUTHENTICATED: '2', TRUSTED_PROXIES: '10.0.0.0/8' });
    try {
      const path = `/v2/sites/${stack.sandbox.siteId}/asset_folders`;
      expect(await from(stack.proxy, path, '203.0.113.7', 2)).toEqual([401, 401]);
      expect(await from(stack.proxy, path, '198.51.100.1', 1)).toEqual([429]);
    } finally {
      await stack.close();
    }
  });
});

// Found in review: successful answers carried the upstream token's figures (60 a minute, 59
// remaining) to a caller whose key allowed 30, whose 31st request then got a 429 out of the blue.
describe('X-RateLimit-* on answers that went through', () => {
  const pairs = async (proxy: TestProxy, path: string, key: string, count: number) => {
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const res = await fetch(`${proxy.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
      await res.arrayBuffer();
      out.push(`${res.status} ${res.headers.get('x-ratelimit-limit')}/${res.headers.get('x-ratelimit-remaining')}`);
    }
    return out;
  };

  it('describe the caller’s key budget when it runs out before the upstream’s', async () => {
    const stack = await startStack({ PROXY_KEYS: LIMITED_KEYS });
    try {
      const path = `/v2/sites/${stack.sandbox.siteId}/asset_folders`;
      expect(await pairs(stack.proxy, path, KEYS.writer, 4)).toEqual(['200 3/2', '200 3/1', '200 3/0', '429 3/0']);
    } finally {
      await stack.close();
    }
  });

  it('describe the upstream’s budget when it runs out first', async () => {
    const stack = await startStack({}, { rateLimitPerMinute: 4 });
    try {
      const path = `/v2/sites/${stack.sandbox.siteId}/asset_folders`;
      expect(await pairs(stack.proxy, path, KEYS.writer, 3)).toEqual(['200 4/3', '200 4/2', '200 4/1']);
    } finally {
      await stack.close();
    }
  });
});

describe('the shared upstream budget', () => {
  it('refuses past the upstream token’s budget across all keys', async () => {
    const stack = await startStack({ UPSTREAM_RATE_LIMIT: '2' });
    try {
      const path = `/v2/sites/${stack.sandbox.siteId}/asset_folders`;
      expect(await statuses(stack.proxy, path, KEYS.writer, 1)).toEqual([200]);
      expect(await statuses(stack.proxy, path, KEYS.reader, 1)).toEqual([200]);
      // Found in review: the refusal carried the caller key's headers (999 remaining) with the
      // upstream budget's Retry-After.
      const refused = await fetch(`${stack.proxy.url}${path}`, { headers: { authorization: `Bearer ${KEYS.reader}` } });
      expect(refused.status).toBe(429);
      expect((await refused.json()).message).toContain('the shared upstream budget is used up');
      expect(refused.headers.get('x-ratelimit-limit')).toBe('2');
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(forwarded(stack.sandbox)).toHaveLength(2);
    } finally {
      await stack.close();
    }
  });
});

describe('rate limiting across replicas (real Redis)', () => {
  const redisUrl = 'redis://127.0.0.1:6379/0';
  let stack: Stack;
  let second: TestProxy;
  beforeAll(async () => {
    const env = { PROXY_KEYS: LIMITED_KEYS, REDIS_URL: redisUrl };
    stack = await startStack(env);
    second = await startProxy(stack.sandbox.url, env, stack.sandbox.siteId);
    // Only these deployments' budgets (left by an earlier run whose sandbox had this port): the
    // Redis is the machine's, and other deployments' budgets on it are not the tests' to wipe.
    const redis = new Redis(redisUrl);
    for (const token of [CANARY_TOKEN, stack.sandbox.token]) {
      const keys = await redis.keys(`${redisPrefix(stack.sandbox.url, token)}*`);
      if (keys.length > 0) {
        await redis.del(...keys);
      }
    }
    redis.disconnect();
  });
  afterAll(async () => {
    await second.close();
    await stack.close();
  });

  it('holds one budget for a key across two proxy instances', async () => {
    const path = `/v2/sites/${stack.sandbox.siteId}/asset_folders`;
    const seen = [
      ...(await statuses(stack.proxy, path, KEYS.writer, 2)),
      ...(await statuses(second, path, KEYS.writer, 2)),
      ...(await statuses(stack.proxy, path, KEYS.writer, 1)),
    ];
    expect(seen).toEqual([200, 200, 200, 429, 429]);
    expect(await rateLimitBackendIs(second, 'redis')).toBe(true);
  });

  // Found in review: budgets were kept under fixed names (`key:small`, `upstream`), so another
  // deployment on the same Redis, with its own upstream token, spent this one's budgets.
  it('keeps the budgets of a deployment with another upstream token apart on the same Redis', async () => {
    const path = `/v2/sites/${stack.sandbox.siteId}/asset_folders`;
    expect(await statuses(stack.proxy, path, KEYS.writer, 1)).toEqual([429]);
    const env = { PROXY_KEYS: LIMITED_KEYS, REDIS_URL: redisUrl, UPSTREAM_TOKEN: stack.sandbox.token };
    const other = await startProxy(stack.sandbox.url, env, stack.sandbox.siteId);
    try {
      expect(await statuses(other, path, KEYS.writer, 4)).toEqual([200, 200, 200, 429]);
    } finally {
      await other.close();
    }
  });
});

// Found in review: the backend metric changed only when a request came, so a dead Redis showed as
// the active backend for as long as the proxy was idle.
describe('the rate-limit backend metric follows the connection, with no traffic', () => {
  it('says memory once Redis is gone, and redis once it is back', async () => {
    const redis = await startPrivateRedis();
    const stack = await startStack({ REDIS_URL: redis.url, LOG_LEVEL: 'info' });
    const backend = (name: 'redis' | 'memory') => rateLimitBackendIs(stack.proxy, name);
    try {
      expect(await backend('redis')).toBe(true);
      await redis.kill();
      expect(await eventually(() => backend('memory'), 5_000)).toBe(true);
      await redis.restart();
      expect(await eventually(() => backend('redis'), 8_000)).toBe(true);
      const warnings = stack.proxy.logs.map((l) => JSON.parse(l)).filter((l) => l.msg?.includes('Redis unavailable'));
      expect(warnings).toHaveLength(1);
    } finally {
      await stack.close();
      await redis.stop();
    }
    // Shutting down closes the connection on purpose: no warning for that.
    const after = stack.proxy.logs.map((l) => JSON.parse(l)).filter((l) => l.msg?.includes('Redis unavailable'));
    expect(after).toHaveLength(1);
  });
});
