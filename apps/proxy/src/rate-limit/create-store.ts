import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { ProxyMetrics } from '../metrics.js';
import { withFallback } from './fallback-store.js';
import { createMemoryStore } from './memory-store.js';
import type { RateLimitStore } from './rate-limit-store.js';

/**
 * The prefix of a deployment's budgets in Redis: `assetkit:rl:` and 12 hex digits of a SHA-256 of
 * the upstream's URL and token. Replicas of one deployment share their budgets; another deployment
 * on the same Redis (another token or upstream) keeps its own, without a setting to get right.
 *
 * @example
 * redisPrefix('https://api.webflow.com', 'token'); // 'assetkit:rl:3f1c…:'
 */
export function redisPrefix(upstreamUrl: string, upstreamToken: string | null): string {
  const deployment = createHash('sha256')
    .update(`${upstreamUrl}\n${upstreamToken ?? ''}`)
    .digest('hex');
  return `assetkit:rl:${deployment.slice(0, 12)}:`;
}

/** Why Redis cannot be used, for a log line: the command's error and the connection's last one. */
function reason(error: unknown, connection: string | undefined): string | undefined {
  // ioredis's wording for a command sent while it is not connected.
  const message = (error as Error | undefined)?.message?.replace(
    /^Stream isn't writeable and enableOfflineQueue options is false$/,
    'not connected to Redis',
  );
  return [message, connection].filter((m, i, all) => m && all.indexOf(m) === i).join('; ') || undefined;
}

/**
 * Redis's answers to a script it will never run for this connection: a user without EVAL/EVALSHA,
 * or without access to the budgets' keys (NOPERM), or a read-only replica (READONLY).
 */
const REFUSED_SCRIPT = /^(NOPERM|READONLY)\b/;

/** Redis's answers to credentials it refuses (a wrong password, or none where one is required). */
const REFUSED_CREDENTIALS = /\bWRONGPASS\b|\bNOAUTH\b|invalid (username-)?password/i;

/**
 * The rate-limit store a deployment asks for: in memory by default; with `REDIS_URL`, Redis
 * shared by every replica (under {@link redisPrefix}), falling back to memory (logged with the
 * reason, and counted) while Redis is down or not answering.
 *
 * @example
 * const store = await createRateLimitStore(config.rateLimit.redisUrl, { logger, metrics, prefix });
 */
export async function createRateLimitStore(
  redisUrl: string | null,
  {
    logger,
    metrics,
    prefix,
    now = Date.now,
  }: {
    logger: Logger;
    metrics: ProxyMetrics;
    prefix?: string;
    /** The memory store's clock (Redis keeps its own time). */
    now?: () => number;
  },
): Promise<RateLimitStore> {
  const report = (backend: 'redis' | 'memory') => {
    metrics.rateLimitBackend.set({ backend: 'redis' }, backend === 'redis' ? 1 : 0);
    metrics.rateLimitBackend.set({ backend: 'memory' }, backend === 'memory' ? 1 : 0);
  };
  if (!redisUrl) {
    report('memory');
    return createMemoryStore(now);
  }
  // Imported only when asked for: ioredis costs ~40 ms of start-up that most deployments skip.
  const { createRedisStore } = await import('./redis-store.js');
  const where = new URL(redisUrl);
  // Host, port and database only: never the URL's password.
  logger.info({ redis: `${where.host}${where.pathname}` }, 'rate limiting: connecting to Redis');
  const redis = createRedisStore(redisUrl, prefix === undefined ? {} : { prefix });
  const connected = await redis.ready(2_000);
  if (connected) {
    try {
      await redis.checkDatabase();
    } catch (error) {
      await redis.close();
      const db = where.pathname.slice(1);
      throw new Error(`REDIS_URL names database ${db}, which this Redis refuses: ${(error as Error).message}`);
    }
  }
  if (connected) {
    try {
      await redis.ping();
    } catch (error) {
      const message = (error as Error).message;
      if (REFUSED_SCRIPT.test(message)) {
        // Like a refused password: no budget could ever be kept there, and waiting will not change it.
        await redis.close();
        throw new Error(`REDIS_URL's Redis refuses the rate-limit script (EVAL/EVALSHA on its keys): ${message}`);
      }
    }
  }
  const refusal = connected ? undefined : redis.lastError();
  if (refusal !== undefined && REFUSED_CREDENTIALS.test(refusal)) {
    // Like a database it refuses: waiting will not make a wrong password right.
    await redis.close();
    throw new Error(`REDIS_URL's user or password is refused by this Redis: ${refusal}`);
  }
  report(connected ? 'redis' : 'memory');
  if (!connected) {
    // Silence has a reason too: something that is not Redis (or Redis without TLS behind rediss://).
    const silent = `nothing answered as Redis at ${where.host} within 2 s (is it a Redis server${where.protocol === 'rediss:' ? ' with TLS, as rediss:// asks' : ''}?)`;
    const last = redis.lastError();
    logger.warn(
      { reason: last === undefined || last === 'Command timed out' ? silent : last },
      'rate limiting: Redis did not answer at startup; using this replica’s own budget until it does',
    );
  }
  const store = withFallback(redis, createMemoryStore(now), connected ? 'redis' : 'memory', (backend, error) => {
    report(backend);
    if (backend === 'memory') {
      logger.warn(
        { reason: reason(error, redis.lastError()) },
        'rate limiting: Redis unavailable, falling back to this replica’s own budget',
      );
    } else {
      logger.info('rate limiting: Redis is back, budgets are shared again');
    }
  });
  // The connection's own events keep the backend (and its metric) true while no request comes.
  redis.redis.on('close', () => store.down(new Error(redis.lastError() ?? 'the connection to Redis closed')));
  redis.redis.on('ready', () => store.up());
  return store;
}
