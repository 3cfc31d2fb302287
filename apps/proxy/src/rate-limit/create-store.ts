import type { Logger } from 'pino';
import type { ProxyMetrics } from '../metrics.js';
import { withFallback } from './fallback-store.js';
import { createMemoryStore } from './memory-store.js';
import type { RateLimitStore } from './rate-limit-store.js';

/**
 * The rate-limit store a deployment asks for: in memory by default; with `REDIS_URL`, Redis
 * shared by every replica, falling back to memory (logged and counted) while Redis is down.
 *
 * @example
 * const store = createRateLimitStore(config.rateLimit.redisUrl, { logger, metrics });
 */
export async function createRateLimitStore(
  redisUrl: string | null,
  { logger, metrics }: { logger: Logger; metrics: ProxyMetrics },
): Promise<RateLimitStore> {
  const report = (backend: 'redis' | 'memory') => {
    metrics.rateLimitBackend.set({ backend: 'redis' }, backend === 'redis' ? 1 : 0);
    metrics.rateLimitBackend.set({ backend: 'memory' }, backend === 'memory' ? 1 : 0);
  };
  if (!redisUrl) {
    report('memory');
    return createMemoryStore();
  }
  // Imported only when asked for: ioredis costs ~40 ms of start-up that most deployments skip.
  const { createRedisStore } = await import('./redis-store.js');
  const redis = createRedisStore(redisUrl);
  const connected = await redis.ready(2_000);
  report(connected ? 'redis' : 'memory');
  if (!connected) {
    logger.warn('rate limiting: Redis did not answer at startup; using this replica’s own budget until it does');
  }
  return withFallback(redis, createMemoryStore(), connected ? 'redis' : 'memory', (backend, error) => {
    report(backend);
    if (backend === 'memory') {
      logger.warn(
        { err: (error as Error | undefined)?.message },
        'rate limiting: Redis unavailable, falling back to this replica’s own budget',
      );
    } else {
      logger.info('rate limiting: Redis is back, budgets are shared again');
    }
  });
}
