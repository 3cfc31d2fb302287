import { STATUS_CODES } from 'node:http';
import { problemsIn, type Violation } from '@assetkit/contract';
import { Counter, Gauge, type Metric, Registry } from 'prom-client';
import { LabelledHistogram, PairCounter } from './local-metrics.js';

/** The proxy's Prometheus metrics, in a registry of their own (one per app instance). */
export interface ProxyMetrics {
  registry: Registry;
  /** Requests answered: `inc(operationId, statusLabel(status))`. */
  requests: PairCounter;
  violations: Counter<'operation' | 'direction' | 'location'>;
  /** Response bodies left out of `RESPONSE_VALIDATION_SAMPLE`'s sample, by operation. */
  uncheckedBodies: Counter<'operation'>;
  /** Upstream latency in seconds: `observe(operationId, seconds)`, for exchanges that got an answer. */
  upstreamLatency: LabelledHistogram;
  /** Exchanges that got no answer: `timeout` (a 504) or `error` (unreachable or broken, a 502). */
  upstreamFailures: Counter<'operation' | 'reason'>;
  rateLimited: Counter<'scope'>;
  rateLimitBackend: Gauge<'backend'>;
  /** Upstream 401s to the proxy's own token: nonzero means UPSTREAM_TOKEN needs replacing. */
  credentialRefused: Counter;
  /** Requests pipelined behind an answer that closed the connection: never handled nor answered. */
  unhandled: Counter;
}

/**
 * Each status's label, made once: its number for a status with a registered name (Node's
 * `STATUS_CODES`) and for 499 (a caller who left), else its class (`5xx`, `9xx`), which a
 * `status=~"5.."` query still matches. An upstream's status is passed on as it came, any of
 * 100–999; counted by number, each would be a series of its own, per operation, for good.
 */
const STATUS_LABELS: readonly string[] = Array.from({ length: 1000 }, (_, status) =>
  STATUS_CODES[status] !== undefined || status === 499 ? String(status) : `${Math.floor(status / 100)}xx`,
);

/**
 * The `status` label of a request's count (see {@link STATUS_LABELS}): one of a fixed set, whatever
 * the upstream answers.
 *
 * @example
 * statusLabel(404); // '404'
 * statusLabel(599); // '5xx'
 */
export function statusLabel(status: number): string {
  return STATUS_LABELS[status] ?? 'other';
}

/**
 * Creates the metrics. Labels are operation ids, statuses (registered ones, others by class) and
 * violation locations only: never a path with ids in it (unbounded cardinality), never a credential.
 *
 * @example
 * const metrics = createMetrics();
 * metrics.requests.inc('get-asset', statusLabel(200));
 */
export function createMetrics(): ProxyMetrics {
  const registry = new Registry();
  const requests = new PairCounter('assetkit_proxy_requests_total', 'Requests answered, by operation and status', [
    'operation',
    'status',
  ]);
  const upstreamLatency = new LabelledHistogram(
    'assetkit_proxy_upstream_duration_seconds',
    'Time from sending a request upstream to having its whole response, by operation',
    'operation',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  );
  // Rendered by prom-client's registry like its own metrics (same name/help/type/get shape).
  registry.registerMetric(requests as unknown as Metric);
  registry.registerMetric(upstreamLatency as unknown as Metric);
  return {
    registry,
    requests,
    violations: new Counter({
      name: 'assetkit_proxy_validation_failures_total',
      help: 'Contract violations found, by operation, direction (request/response) and location',
      labelNames: ['operation', 'direction', 'location'],
      registers: [registry],
    }),
    uncheckedBodies: new Counter({
      name: 'assetkit_proxy_response_bodies_unchecked_total',
      help: 'Response bodies not checked (left out of RESPONSE_VALIDATION_SAMPLE), by operation; status, headers and content type were',
      labelNames: ['operation'],
      registers: [registry],
    }),
    upstreamLatency,
    upstreamFailures: new Counter({
      name: 'assetkit_proxy_upstream_failures_total',
      help: 'Upstream exchanges that got no answer, by operation and reason: timeout (answered 504) or error (unreachable, refused or broken connection, an answer too large or undecodable: answered 502); not in the latency histogram',
      labelNames: ['operation', 'reason'],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'assetkit_proxy_rate_limited_total',
      help: 'Requests refused with 429, by budget (key, unauthenticated, upstream)',
      labelNames: ['scope'],
      registers: [registry],
    }),
    credentialRefused: new Counter({
      name: 'assetkit_proxy_upstream_credential_refused_total',
      help: "Upstream 401s to the proxy's own UPSTREAM_TOKEN (revoked, expired or wrong): alert on any",
      registers: [registry],
    }),
    unhandled: new Counter({
      name: 'assetkit_proxy_requests_unhandled_total',
      help: 'Requests pipelined behind an answer that closed the connection (as during a shutdown): not handled, forwarded or answered; the caller sees the connection close and may send them again',
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

/**
 * Counts contract violations in the metrics, by location, and returns how many problems they are:
 * a list cut at 100 counts the problems its `truncated` entry left out too.
 *
 * @example
 * ctx.responseViolations = countViolations(metrics, 'list-assets', 'response', result.violations);
 */
export function countViolations(
  metrics: Pick<ProxyMetrics, 'violations'>,
  operation: string,
  direction: 'request' | 'response',
  violations: readonly Violation[],
): number {
  let total = 0;
  for (const v of violations) {
    const problems = problemsIn(v);
    if (problems > 0) {
      metrics.violations.inc({ operation, direction, location: v.location }, problems);
    }
    total += problems;
  }
  return total;
}
