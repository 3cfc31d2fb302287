import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The proxy's Prometheus metrics, in a registry of their own (one per app instance). */
export interface ProxyMetrics {
  registry: Registry;
  requests: Counter<'operation' | 'status'>;
  violations: Counter<'operation' | 'direction' | 'location'>;
  upstreamLatency: Histogram<'operation'>;
  rateLimited: Counter<'scope'>;
  rateLimitBackend: Gauge<'backend'>;
}

/**
 * Creates the metrics. Labels are operation ids, statuses and violation locations only: never a
 * path with ids in it (unbounded cardinality), never a credential.
 *
 * @example
 * const metrics = createMetrics();
 * metrics.requests.inc({ operation: 'get-asset', status: '200' });
 */
export function createMetrics(): ProxyMetrics {
  const registry = new Registry();
  return {
    registry,
    requests: new Counter({
      name: 'assetkit_proxy_requests_total',
      help: 'Requests answered, by operation and status',
      labelNames: ['operation', 'status'],
      registers: [registry],
    }),
    violations: new Counter({
      name: 'assetkit_proxy_validation_failures_total',
      help: 'Contract violations found, by operation, direction (request/response) and location',
      labelNames: ['operation', 'direction', 'location'],
      registers: [registry],
    }),
    upstreamLatency: new Histogram({
      name: 'assetkit_proxy_upstream_duration_seconds',
      help: 'Time from sending a request upstream to having its whole response, by operation',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'assetkit_proxy_rate_limited_total',
      help: 'Requests refused with 429, by budget (key, unauthenticated, upstream)',
      labelNames: ['scope'],
      registers: [registry],
    }),
    rateLimitBackend: new Gauge({
      name: 'assetkit_proxy_rate_limit_backend',
      help: 'Which rate-limit store answers: 1 for the active backend (redis or memory)',
      labelNames: ['backend'],
      registers: [registry],
    }),
  };
}
