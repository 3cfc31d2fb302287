import type { ServerResponse as Response } from 'node:http';
import type { Contract } from '@assetkit/contract';
import { HttpError } from '../errors.js';
import type { RequestContext } from '../request-context.js';
import { abortSignal, type Upstream } from '../upstream/upstream-client.js';
import { readOperationFor, type TenantFields, tenantFields, tenantId } from './tenant-fields.js';

const CACHE_LIMIT = 10_000;

/** The refusal of a site the caller named in the path: it says nothing the caller did not send. */
function forbidden(site: string): HttpError {
  return new HttpError(403, 'forbidden', `Forbidden: this key may not act on site ${site}`);
}

/**
 * The answer for a resource of a site the key may not act on, and for one that does not exist:
 * the same, as Webflow answers a token for another site's (and the sandbox, "indistinguishable from
 * missing ones"), so a key cannot test ids for being another site's.
 */
function notFound(): HttpError {
  return new HttpError(404, 'resource_not_found', 'Requested resource not found');
}

function tenantIn(body: Buffer, property: string): string | undefined {
  try {
    const value = (JSON.parse(body.toString('utf8')) as Record<string, unknown>)[property];
    return typeof value === 'string' ? tenantId(value) : undefined;
  } catch {
    return undefined;
  }
}

/** What the guard needs to look a resource's tenant up upstream. */
export interface Preflight {
  upstream: Upstream;
  headers: (ctx: RequestContext) => Record<string, string>;
  spendBudget: (res: Response) => Promise<void> | undefined;
}

/**
 * Holds keys restricted to some sites to those sites, from the spec's tenant markers:
 * - an operation with a tenant path parameter (`site_id`) is checked before forwarding (403
 *   naming the site the caller sent);
 * - a read of a resource (`get-asset`) is checked on its response, whose body is withheld if the
 *   site is not allowed;
 * - a write to a resource (`patch-asset`, `delete-asset`), and a HEAD of one (no content to check),
 *   first learns the resource's site with a GET of the same path (remembered, so it costs one
 *   upstream request per resource).
 *
 * A resource of another site is answered as a missing one (404, the same body; the upstream's own
 * 404 is replaced too, its wording would differ): a 403 told a key which ids exist on the token's
 * other sites. Webflow's asset operations document no 403, and the sandbox answers a token for
 * another site's resource with the 404 of a missing one.
 *
 * @example
 * const guard = createTenantGuard(contract, preflight, { enabled: keys.some((k) => k.sites) });
 * await guard.before(ctx, res, pathname); // throws 403/404 before forwarding when the site is not allowed
 * guard.after(ctx, upstreamResponse, pathname); // throws 404 instead of returning another site's data
 */
export function createTenantGuard(contract: Contract, preflight: Preflight, { enabled }: { enabled: boolean }) {
  const fields = tenantFields(contract);
  const known = new Map<string, string>();
  const remember = (resource: string, tenant: string) => {
    // Every read of a resource comes here: a value already known is not stored again, since the
    // long-lived map would keep each read's freshly parsed string (and V8 promote it).
    if (known.get(resource) === tenant) {
      return;
    }
    if (known.size >= CACHE_LIMIT) {
      known.delete(known.keys().next().value as string);
    }
    known.set(resource, tenant);
  };
  const allowedSites = (ctx: RequestContext) => (ctx.principal?.kind === 'key' ? ctx.principal.key.sites : null);

  async function lookUp(ctx: RequestContext, res: Response, pathname: string, property: string): Promise<string> {
    // The lookup and the write it guards share one deadline: the caller waits for one exchange's worth.
    ctx.upstreamNotAfter ??= performance.now() + preflight.upstream.deadlineMs;
    await preflight.spendBudget(res);
    const answer = await preflight.upstream.send({
      method: 'GET',
      pathAndQuery: pathname,
      headers: preflight.headers(ctx),
      body: undefined,
      signal: abortSignal(),
      notAfter: ctx.upstreamNotAfter,
    });
    if (answer.status === 404) {
      throw notFound();
    }
    const tenant = answer.status === 200 ? tenantIn(answer.body, property) : undefined;
    if (tenant === undefined) {
      throw new HttpError(
        502,
        'bad_gateway',
        `the upstream did not say which site this resource belongs to (status ${answer.status})`,
      );
    }
    remember(pathname, tenant);
    return tenant;
  }

  async function check(ctx: RequestContext, res: Response, pathname: string, sites: readonly string[]): Promise<void> {
    const op = ctx.operation as NonNullable<RequestContext['operation']>;
    const f = fields.get(op.operationId) as TenantFields;
    for (const param of f.params) {
      const tenant = ctx.pathParams[param] ?? '';
      if (!sites.includes(tenantId(tenant))) {
        throw forbidden(tenant);
      }
    }
    // A GET is checked on its answer, when its answer names a site; a HEAD's answer has no content
    // to check, so it is looked up first like a write (and, like a write, refused when nothing
    // would say the resource's site).
    if (f.params.length > 0 || (op.method === 'get' && ctx.method !== 'HEAD' && f.responseProperty)) {
      return;
    }
    let tenant = known.get(pathname);
    if (tenant === undefined) {
      const read = readOperationFor(contract, op);
      const property = read && fields.get(read.operationId)?.responseProperty;
      if (!property) {
        throw new HttpError(
          403,
          'forbidden',
          'Forbidden: the site of this resource cannot be verified for a site-restricted key',
        );
      }
      tenant = await lookUp(ctx, res, pathname, property);
    }
    if (!sites.includes(tenant)) {
      throw notFound();
    }
  }

  /**
   * An error answer, or a 304, to a read of a resource whose site is not known to be the key's: it
   * may be about another site's resource (a `localeId` that is not one of that site's, answered
   * with that site's locales), and it tells that the resource exists (a 304 also that the caller's
   * ETag is its current one), with nothing in it that says whose it is. Passed on once the site is known to be
   * the key's; otherwise the 404 of a missing resource. A 429 or a 5xx is about the token's budget
   * or the upstream, not the resource, and passed on.
   */
  function withholdError(
    ctx: RequestContext,
    res: Response,
    status: number,
    pathname: string,
    property: string,
    sites: readonly string[],
  ): Promise<void> | undefined {
    if (status === 429 || status >= 500) {
      return undefined;
    }
    const tenant = known.get(pathname);
    if (tenant !== undefined) {
      if (!sites.includes(tenant)) {
        throw notFound();
      }
      return undefined;
    }
    // Without a query, the lookup would be this very request again.
    if (status === 404 && ctx.query === '') {
      throw notFound();
    }
    return lookUp(ctx, res, pathname, property).then((found) => {
      if (!sites.includes(found)) {
        throw notFound();
      }
    });
  }

  return {
    /** Checks the site before forwarding; `undefined` when there is nothing to wait for. */
    before(ctx: RequestContext, res: Response, pathname: string): Promise<void> | undefined {
      const sites = enabled ? allowedSites(ctx) : null;
      return sites && ctx.operation ? check(ctx, res, pathname, sites) : undefined;
    },

    /**
     * Learns the resource's site from a read, and withholds another site's data, and the
     * upstream's errors about it; `undefined` when there is nothing to wait for.
     */
    after(
      ctx: RequestContext,
      res: Response,
      answer: { status: number; body: Buffer },
      pathname: string,
    ): Promise<void> | undefined {
      const op = ctx.operation;
      const property =
        enabled && op && op.method === 'get' && ctx.method !== 'HEAD'
          ? fields.get(op.operationId)?.responseProperty
          : undefined;
      if (!op || !property) {
        return undefined;
      }
      // A key held to sites, reading a resource named by its id alone (a site in the path was
      // checked before forwarding).
      const sites = fields.get(op.operationId)?.params.length === 0 ? allowedSites(ctx) : null;
      if (answer.status >= 400 || answer.status === 304) {
        return sites ? withholdError(ctx, res, answer.status, pathname, property, sites) : undefined;
      }
      // Any answer that is not an error may carry the resource (an undocumented 202 too).
      const tenant = tenantIn(answer.body, property);
      if (tenant !== undefined && answer.status === 200) {
        remember(pathname, tenant);
      }
      if (!sites) {
        return undefined;
      }
      if (tenant === undefined) {
        // Unreadable or silent about its site: not this key's to see, and not the key's fault
        // either. No details: a validation report would quote what may be another site's data.
        throw new HttpError(
          502,
          'bad_gateway',
          `Bad Gateway: the upstream's answer does not say which site it belongs to, so it is not passed on to a site-restricted key (request id ${ctx.requestId})`,
        );
      }
      if (!sites.includes(tenant)) {
        throw notFound();
      }
      return undefined;
    },
  };
}

/** The guard's interface. */
export type TenantGuard = ReturnType<typeof createTenantGuard>;
