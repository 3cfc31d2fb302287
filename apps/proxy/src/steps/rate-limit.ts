import type { ServerResponse as Response } from 'node:http';
import type { ProvenTokens } from '../auth/proven-tokens.js';
import { type AddressedRequest, addressBudgetKey, clientAddressReader } from '../client-address.js';
import type { ProxyConfig } from '../config.js';
import { HttpError } from '../errors.js';
import type { ProxyMetrics } from '../metrics.js';
import type { Step } from '../pipeline.js';
import type { RateDecision, RateLimitStore } from '../rate-limit/rate-limit-store.js';
import { runsOutFirst } from '../rate-limit/tightest-budget.js';
import { contextOf, type RequestContext, rateHeaders } from '../request-context.js';

const MINUTE = 60_000;

/** What both budgets need. */
export interface RateLimitDeps {
  store: RateLimitStore;
  config: ProxyConfig;
  metrics: ProxyMetrics;
}

/** Webflow's 429 `too_many_requests`, counted by which budget refused it. */
function refuse(metrics: ProxyMetrics, scope: string, message: string, headers: Record<string, string>): HttpError {
  metrics.rateLimited.inc({ scope });
  return new HttpError(429, 'too_many_requests', `Too many requests: ${message}`, { headers });
}

/**
 * Per-caller budget: each proxy key has its own per-minute budget, and callers without a valid
 * key share a per-address one (so guessing keys is throttled too). In passthrough mode each token
 * has its own, and a token the upstream has not yet accepted is charged to the address as well
 * (see {@link ProvenTokens}). A refusal is Webflow's 429 `too_many_requests` with `Retry-After`
 * and `X-RateLimit-*`.
 *
 * @example
 * pipeline(startContext, [identify, callerRateLimit({ store, config, metrics, provenTokens }), …]);
 */
export function callerRateLimit({
  store,
  config,
  metrics,
  provenTokens,
}: RateLimitDeps & { provenTokens: ProvenTokens }): Step {
  const decide = (ctx: RequestContext, decision: RateDecision, scope: string): void => {
    ctx.rate = decision;
    if (!decision.allowed) {
      const whose =
        scope === 'unauthenticated'
          ? 'calls without valid credentials from this address have used their budget for the minute'
          : 'this key has used its budget for the minute';
      throw refuse(metrics, scope, whose, rateHeaders(decision));
    }
  };
  const clientAddress = clientAddressReader(config.trustedProxies);
  const byAddress = (req: AddressedRequest) => addressBudgetKey(clientAddress(req));
  // The memory store answers at once: no promise, no trip through the microtask queue.
  const charge = (ctx: RequestContext, key: string, limit: number, scope: string): Promise<void> | undefined => {
    const decision = store.take(key, limit, MINUTE);
    if (decision instanceof Promise) {
      return decision.then((d) => decide(ctx, d, scope));
    }
    decide(ctx, decision, scope);
    return undefined;
  };
  const unauthenticated = config.rateLimit.unauthenticatedPerMinute;
  return function limitCaller(req, _res, ctx) {
    const principal = ctx.principal;
    if (!principal) {
      return charge(ctx, byAddress(req), unauthenticated, 'unauthenticated');
    }
    const limit = principal.kind === 'key' ? principal.key.ratePerMinute : config.rateLimit.perKeyDefault;
    if (principal.kind === 'passthrough' && !provenTokens.has(principal.rateKey)) {
      // Both budgets are spent, so the answer's X-RateLimit-* must describe the one that runs out
      // first: the token's own alone told a caller "29 left" while its address had none.
      const both = () => {
        const address = ctx.rate as RateDecision;
        const second = charge(ctx, principal.rateKey, limit, 'key');
        const keepTighter = () => {
          const own = ctx.rate as RateDecision;
          ctx.rate = runsOutFirst(own, address) ? own : address;
        };
        return second ? second.then(keepTighter) : keepTighter();
      };
      const first = charge(ctx, byAddress(req), unauthenticated, 'unauthenticated');
      return first ? first.then(both) : both();
    }
    return charge(ctx, principal.rateKey, limit, 'key');
  };
}

/**
 * The shared budget of the one upstream token, across every key: checked last, just before
 * forwarding, so what the proxy sends never exceeds what the token may spend. In passthrough mode
 * every caller brings a token of their own, so each token gets its own budget: one shared by all
 * would let any caller (with any made-up token) spend everyone's. With no budget configured it
 * returns nothing to wait for (no promise per request).
 *
 * @example
 * const spend = upstreamBudget({ store, config, metrics });
 * await spend(res); // rejects with a 429 HttpError when the shared budget is used up
 */
export function upstreamBudget({ store, config, metrics }: RateLimitDeps) {
  const spend = async (res: Response): Promise<void> => {
    const ctx = contextOf(res);
    const budget = ctx.principal?.kind === 'passthrough' ? `upstream:${ctx.principal.rateKey}` : 'upstream';
    const decision = await store.take(budget, config.upstream.ratePerMinute, MINUTE);
    ctx.upstreamRate = decision;
    if (!decision.allowed) {
      const whose = budget === 'upstream' ? 'the shared upstream budget' : "this token's upstream budget";
      // The headers describe the budget that refused, not the caller's own (which has requests
      // left): a client reading X-RateLimit-Remaining must see why it waits.
      throw refuse(metrics, 'upstream', `${whose} is used up for now`, rateHeaders(decision));
    }
  };
  return function spendUpstreamBudget(res: Response): Promise<void> | undefined {
    return config.upstream.ratePerMinute === 0 ? undefined : spend(res);
  };
}
