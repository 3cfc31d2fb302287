import { Redis } from 'ioredis';
import type { RateDecision, RateLimitStore } from './rate-limit-store.js';

/**
 * The GCRA of rate-limit-store.ts as one Lua script, so the read-modify-write is atomic across
 * every proxy replica sharing the Redis. Time comes from Redis (`TIME`), not from the replicas,
 * whose clocks may disagree. The time is stored with 17 significant digits, which a double reads
 * back exactly, as the memory store keeps it: `tostring` keeps 14, so a time of about 1.7e12 ms
 * kept only tenths of a millisecond and each request spent its interval rounded to 0.1 ms (at
 * 1,000,000 a minute, 0.1 ms for 0.06; above 1,200,000, nothing). Either form is a number
 * `tonumber` reads, so keys written by either version are read by the other. A request due within
 * half an interval is let in, as `gcra()` explains.
 */
const GCRA_LUA = `
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = period / limit
local tat = tonumber(redis.call('GET', key) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - period
if allow_at - now >= interval / 2 then
  return {0, 0, math.ceil(allow_at - now)}
end
redis.call('SET', key, string.format('%.17g', new_tat), 'PX', math.ceil(new_tat - now) + 1000)
return {1, math.max(0, math.ceil((now - allow_at) / interval - 0.5)), 0}
`;

type GcraRedis = Redis & {
  assetkitGcra(key: string, limit: number, periodMs: number): Promise<[number, number, number]>;
};

/**
 * Rate-limit state in Redis, shared by every replica. Commands fail fast (no offline queue, a
 * short command timeout) so that when Redis is down the caller can fall back at once instead of
 * stalling requests.
 *
 * @example
 * const store = createRedisStore('redis://127.0.0.1:6379', { prefix: 'assetkit:rl:' });
 */
export function createRedisStore(
  url: string,
  { prefix = 'assetkit:rl:', commandTimeoutMs = 250 }: { prefix?: string; commandTimeoutMs?: number } = {},
): RateLimitStore & {
  readonly redis: Redis;
  /** Runs the rate-limit script once, on a key of its own: Redis answers, and lets this user run it. */
  ping(): Promise<void>;
  ready(timeoutMs: number): Promise<boolean>;
  /** Why the connection last failed (refused, WRONGPASS, a TLS error…), for the log; never a credential. */
  lastError(): string | undefined;
  /** Selects the URL's database again and rejects with Redis's reason when it has no such database. */
  checkDatabase(): Promise<void>;
} {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  }) as GcraRedis;
  // Errors surface through the failed commands, which the fallback store logs with this reason.
  let lastError: string | undefined;
  redis.on('error', (error: Error) => {
    lastError = error.message;
  });
  redis.defineCommand('assetkitGcra', { numberOfKeys: 1, lua: GCRA_LUA });
  return {
    backend: 'redis',
    redis,
    async take(key, limit, periodMs): Promise<RateDecision> {
      const [allowed, remaining, retryAfterMs] = await redis.assetkitGcra(`${prefix}${key}`, limit, periodMs);
      return { allowed: allowed === 1, limit, remaining, retryAfterMs };
    },
    async ping() {
      // Not PING: a Redis may answer it and still refuse every budget (a user without EVAL/EVALSHA
      // or without these keys: NOPERM; a read-only replica: READONLY; OOM), and a check that passed
      // there switched back to Redis every second, only for the next request to fail over again.
      await redis.assetkitGcra(`${prefix}health-check`, 1, 1);
    },
    lastError: () => lastError,
    async checkDatabase() {
      // ioredis selects the database as it connects, but goes on in database 0 when Redis refuses.
      await redis.select(redis.options.db ?? 0);
    },
    ready(timeoutMs) {
      if (redis.status === 'ready') {
        return Promise.resolve(true);
      }
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        redis.once('ready', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
    async close() {
      redis.disconnect();
    },
  };
}
