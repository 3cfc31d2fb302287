import type { ServerResponse as Response } from 'node:http';
import { type Contract, violationDetail } from '@assetkit/contract';
import type { Logger } from 'pino';
import type { ProvenTokens } from '../auth/proven-tokens.js';
import type { ProxyConfig } from '../config.js';
import { HttpError } from '../errors.js';
import { countViolations, type ProxyMetrics } from '../metrics.js';
import type { Step } from '../pipeline.js';
import { describeTightestBudget } from '../rate-limit/tightest-budget.js';
import type { RequestContext } from '../request-context.js';
import { documentsRateHeaders } from '../spec-facts.js';
import type { TenantGuard } from '../tenant/tenant-guard.js';
import type { CredentialWatch } from '../upstream/credential-watch.js';
import {
  addressesThroughProxy,
  asForwarded,
  clientResponseHeaders,
  preconditionsSent,
  rateHeaders,
  upstreamRequestHeaders,
  viaEntry,
} from '../upstream/headers.js';
import { abortSignal, type Upstream, type UpstreamResponse } from '../upstream/upstream-client.js';
import { withCors } from './cors.js';

/** What forwarding needs. */
export interface ForwardDeps {
  contract: Contract;
  config: ProxyConfig;
  upstream: Upstream;
  upstreamToken: string | null;
  metrics: ProxyMetrics;
  logger: Logger;
  tenantGuard: TenantGuard;
  spendBudget: (res: Response) => Promise<void> | undefined;
  provenTokens: ProvenTokens;
  /** What the upstream's answers say of the proxy's own token. */
  credential: CredentialWatch;
}

/**
 * The credential sent upstream: the proxy's own token, or in passthrough mode the caller's. With
 * no token (an API whose spec declares no security) nothing is sent, not an empty `Bearer `.
 */
export function upstreamAuthorization(ctx: RequestContext, token: string | null): string | undefined {
  if (ctx.principal?.kind === 'passthrough') {
    return `Bearer ${ctx.principal.token}`;
  }
  return token === null ? undefined : `Bearer ${token}`;
}

/**
 * The upstream's rate headers for an answer the proxy makes out of its response (a 502), with the
 * limit and remaining of whichever budget runs out first, as on the answers it passes on.
 */
function budgetHeaders(ctx: RequestContext, answer: UpstreamResponse): Record<string, string> {
  const headers = rateHeaders(answer.headers);
  describeBudget(ctx, headers);
  return headers;
}

/** The pair of whichever budget runs out first; the proxy's own where the spec has no rate headers. */
function describeBudget(ctx: RequestContext, headers: Record<string, string | string[]>): void {
  const ownWhenSilent = ctx.operation !== null && !documentsRateHeaders(ctx.operation);
  describeTightestBudget(headers, [ctx.rate, ctx.upstreamRate], { ownWhenSilent });
}

/**
 * Validates the upstream's answer, logging and counting what breaks the contract. Returns the
 * number of violations and, in `enforce` mode, the 502 to answer instead (thrown by the caller
 * once the site check has had its say: another site's data must get a 403, not a 502 quoting it).
 * A 304 or a 412 may be HTTP's answer to a precondition the request sent upstream (`sent`) carried;
 * the contract decides, told which ones it carried (gathered for those two statuses only).
 */
function checkResponse(
  deps: ForwardDeps,
  ctx: RequestContext,
  answer: UpstreamResponse,
  sent: Record<string, string>,
): { violations: number; refusal?: HttpError } {
  const { config, contract, metrics, logger } = deps;
  const operation = ctx.operation;
  if (config.responseValidation === 'off' || !operation) {
    return { violations: 0 };
  }
  // In report mode, a sample of bodies: the rest are not parsed (the status, headers and content
  // type of every answer are still checked; they cost next to nothing).
  const skipBody = config.responseSample < 1 && answer.body.length > 0 && !(Math.random() < config.responseSample);
  if (skipBody) {
    ctx.responseBodyChecked = false;
    metrics.uncheckedBodies.inc({ operation: operation.operationId });
  }
  const result = contract.validateResponse({
    operationId: operation.operationId,
    status: answer.status,
    // As they will be passed on: a header the upstream's Connection header lists is hop-by-hop and
    // dropped, so it must not pass validation.
    headers: asForwarded(answer.headers),
    rawBody: answer.body,
    strict: config.strictResponses,
    head: ctx.method === 'HEAD',
    skipBody,
    preconditions: answer.status === 304 || answer.status === 412 ? preconditionsSent(sent) : undefined,
  });
  if (result.valid) {
    return { violations: 0 };
  }
  const problems = countViolations(metrics, operation.operationId, 'response', result.violations);
  ctx.responseViolations = problems;
  logger.warn(
    {
      reqId: ctx.requestId,
      operation: operation.operationId,
      status: answer.status,
      violations: result.violations.slice(0, 20),
    },
    'upstream response breaks the contract',
  );
  if (config.responseValidation === 'enforce') {
    const refusal = new HttpError(
      502,
      'response_validation_failed',
      `Bad Gateway: the upstream response breaks the contract (request id ${ctx.requestId})`,
      { details: result.violations.map(violationDetail), headers: budgetHeaders(ctx, answer) },
    );
    return { violations: problems, refusal };
  }
  return { violations: problems };
}

/**
 * Sends the request upstream; an exchange that gets no answer (a 504 timeout, a 502 for an
 * unreachable or broken upstream) is counted by reason, since the latency histogram only sees
 * answers and would look calm exactly while the upstream stalls. A caller who left is not counted.
 */
async function sendCounted(
  deps: ForwardDeps,
  ctx: RequestContext,
  request: Parameters<Upstream['send']>[0],
): Promise<UpstreamResponse> {
  try {
    return await deps.upstream.send(request);
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 0;
    if (status === 502 || status === 504) {
      deps.metrics.upstreamFailures.inc({
        operation: ctx.operation?.operationId ?? 'none',
        reason: status === 504 ? 'timeout' : 'error',
      });
    }
    throw error;
  }
}

/**
 * Forwards a validated request upstream through the one pool, then validates the response per
 * the deployment's mode (`enforce`: a breaking response becomes a 502 listing the violations;
 * `report`: passed on with an `X-Assetkit-Violations` count; `off`) and answers the caller.
 *
 * @example
 * pipeline(startContext, [identify, limit, authorise, resolve, read, validate, forward(deps)]);
 */
export function forward(deps: ForwardDeps): Step {
  return async function forwardRequest(req, res, ctx) {
    const pathname = ctx.path;
    // Awaited only when there is something to wait for: most requests have neither a site check
    // nor a shared budget pending, and every await is a trip through the microtask queue.
    const guarded = deps.tenantGuard.before(ctx, res, pathname);
    if (guarded) {
      await guarded;
    }
    const budget = deps.spendBudget(res);
    if (budget) {
      await budget;
    }
    // A caller who left while the site check or the shared budget was awaited must not have the
    // request sent anyway (a write would happen with nobody told).
    if (req.socket.destroyed) {
      throw new HttpError(499, 'client_closed_request', 'the caller went away before the request was sent');
    }
    const signal = abortSignal();
    ctx.onClose = () => {
      if (!res.writableFinished) {
        signal.emit('abort');
      }
    };
    ctx.forwarded = true;
    const sent = upstreamRequestHeaders(req.headers, {
      authorization: upstreamAuthorization(ctx, deps.upstreamToken),
      requestId: ctx.requestId,
      via: viaEntry(req),
      body: ctx.body !== undefined && ctx.body.length > 0,
    });
    const answer = await sendCounted(deps, ctx, {
      method: ctx.method,
      pathAndQuery: req.url ?? '/',
      headers: sent,
      body: ctx.body,
      signal,
      notAfter: ctx.upstreamNotAfter,
    });
    ctx.upstreamMs = answer.durationMs;
    if (ctx.principal?.kind === 'passthrough') {
      deps.provenTokens.settle(ctx.principal.rateKey, answer.status);
    }
    deps.metrics.upstreamLatency.observe(ctx.operation?.operationId ?? 'none', answer.durationMs / 1000);
    const ownToken = ctx.principal?.kind === 'key' && deps.upstreamToken !== null;
    const change = ownToken ? deps.credential.observe(answer.status) : undefined;
    if (change === 'accepted-again') {
      deps.logger.info({ reqId: ctx.requestId }, 'the upstream accepts UPSTREAM_TOKEN again');
    }
    if (ownToken && answer.status === 401) {
      // The caller's key was good; the upstream refused the proxy's own token. Passed on as a 401,
      // it would send the caller off to replace a key that works. Logged when it starts (every
      // request would otherwise log it again), counted every time.
      deps.metrics.credentialRefused.inc();
      if (change === 'refused') {
        deps.logger.error(
          { reqId: ctx.requestId, operation: ctx.operation?.operationId, status: answer.status },
          'the upstream refused UPSTREAM_TOKEN (revoked, expired or wrong): every keyed request will fail until it is replaced',
        );
      }
      throw new HttpError(
        502,
        'bad_gateway',
        `Bad Gateway: the upstream refused the proxy's own credential, not your key (request id ${ctx.requestId})`,
        { headers: budgetHeaders(ctx, answer) },
      );
    }
    const { violations, refusal } = checkResponse(deps, ctx, answer, sent);
    const withheld = deps.tenantGuard.after(ctx, res, answer, pathname);
    if (withheld) {
      await withheld;
    }
    if (refusal) {
      throw refusal;
    }
    const headers = clientResponseHeaders(answer.headers);
    describeBudget(ctx, headers);
    if (headers.location !== undefined || headers['content-location'] !== undefined) {
      // Without PUBLIC_URL, the address the caller used (no Host: a path alone, RFC 9110 allows it).
      const host = req.headers.host;
      const publicBase = deps.config.publicUrl ?? (host ? `http://${host}` : '');
      addressesThroughProxy(headers, deps.upstream.base, publicBase);
    }
    if (violations > 0) {
      headers['x-assetkit-violations'] = String(violations);
    }
    // An explicit length: writeHead() before end() would otherwise frame the body as chunked,
    // which costs extra socket writes on every response. Never on a 204 or 304 (RFC 9110 §8.6).
    if (ctx.method === 'HEAD') {
      // The length the GET's content would have, as the upstream said (it was asked for identity).
      const length = answer.headers['content-length'];
      if (typeof length === 'string' && /^\d+$/.test(length) && answer.headers['content-encoding'] === undefined) {
        headers['content-length'] = length;
      }
    } else if (answer.status !== 204 && answer.status !== 304) {
      headers['content-length'] = String(answer.body.length);
    }
    headers['x-request-id'] = ctx.requestId;
    res.writeHead(answer.status, withCors(headers, ctx));
    res.end(answer.body);
  };
}
