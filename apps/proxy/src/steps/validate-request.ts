import type { Contract, OperationSpec, Violation } from '@assetkit/contract';
import {
  essence,
  isJsonMediaType,
  joinPointer,
  startsWithByteOrderMark,
  summarizeViolations,
  violationDetail,
} from '@assetkit/contract';
import type { Logger } from 'pino';
import { HttpError } from '../errors.js';
import { countViolations, type ProxyMetrics } from '../metrics.js';
import type { Step } from '../pipeline.js';
import type { RequestContext } from '../request-context.js';
import { asForwarded, cgiName } from '../upstream/headers.js';

/**
 * A JSON body without the UTF-8 byte order mark it may start with (RFC 8259 §8.1 lets a reader
 * ignore it; some editors and shells write one). The validator reads past it, so it is left out of
 * what is forwarded too: the upstream then reads exactly the document that was checked, whatever
 * its parser makes of a BOM.
 */
function withoutByteOrderMark(body: Buffer, contentType: string | undefined): Buffer {
  return startsWithByteOrderMark(body) && isJsonMediaType(essence(contentType) ?? '') ? body.subarray(3) : body;
}

/**
 * Headers that ask the server behind to handle a request as if it had another method or path, by
 * name, with the check they fail and why. Frameworks honour one or another: Express's
 * method-override, Google's APIs and ASP.NET the method; IIS's URL Rewrite, Symfony and Laminas the
 * path (`X-Original-URL`, `X-Rewrite-URL`). The proxy routes, checks scopes and sites and validates
 * by the request line: a read-only key's `GET` carrying `X-HTTP-Method-Override: DELETE` would be
 * sent with the proxy's write token to a server that may delete, and a key bound to one site could
 * name another site's path in `X-Original-URL`. No spec here documents them; one that did would say
 * so in its parameters.
 */
const OTHER_METHOD = "asks the server to use another method than the request's: send the method you mean instead";
const OTHER_PATH = "asks the server to use another path than the request's: send the path you mean instead";
const OVERRIDES = [
  ['x-http-method-override', 'methodOverride', OTHER_METHOD],
  ['x-http-method', 'methodOverride', OTHER_METHOD],
  ['x-method-override', 'methodOverride', OTHER_METHOD],
  ['x-original-url', 'pathOverride', OTHER_PATH],
  ['x-rewrite-url', 'pathOverride', OTHER_PATH],
] as const;

const OVERRIDE_BY_NAME: ReadonlyMap<string, { keyword: string; message: string }> = new Map(
  OVERRIDES.map(([name, keyword, message]) => [name, { keyword, message }]),
);

/**
 * A violation for each override header the request has and its operation does not document,
 * pointing at the name as sent. `_` counts as `-` ({@link cgiName}): the servers above read header
 * names CGI-style.
 */
function overridesIn(headers: Record<string, unknown>, operation: OperationSpec): Violation[] {
  const documented = (name: string) =>
    operation.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === name);
  const found: Violation[] = [];
  for (const sent of Object.keys(headers)) {
    const name = cgiName(sent);
    const override = OVERRIDE_BY_NAME.get(name);
    if (override && !documented(name)) {
      found.push({ location: 'header', pointer: joinPointer('', sent), schemaPath: '', ...override });
    }
  }
  return found;
}

/**
 * Singleton fields (RFC 9110 §5.3: no list syntax, so never sent twice) of which Node keeps the
 * first, by name, with what a repeat leaves to guess: the type the body was validated and forwarded
 * as (§8.3), or the date a conditional request, a guarded write, is judged by (§13.1.3, §13.1.4).
 * Node's parser refuses a repeated `Content-Length` (and the server a repeated `Host`) itself, and
 * reads a repeated `Transfer-Encoding` or `Content-Encoding`, `If-Match`, `If-None-Match` as the one
 * list they are.
 */
const SINGLETONS = [
  ['content-type', 'Content-Type', 'which of them describes the body'],
  ['if-modified-since', 'If-Modified-Since', 'which date the request is conditional on'],
  ['if-unmodified-since', 'If-Unmodified-Since', 'which date the request is conditional on'],
] as const;
const SINGLETON_NAMES: ReadonlySet<string> = new Set(SINGLETONS.map(([name]) => name));
const SINGLETON_LENGTHS: ReadonlySet<number> = new Set(SINGLETONS.map(([name]) => name.length));

/**
 * A violation for each singleton field ({@link SINGLETONS}) the request carries more than once,
 * from one pass over `rawHeaders`. `_` counts as `-` ({@link cgiName}): a CGI-style server reads
 * `If_Unmodified_Since` as If-Unmodified-Since too, beside it or twice. Not for a header
 * {@link misspelledJudged} refuses spelled with `_` (`Content_Type`): that is its own violation,
 * not a second one here.
 */
function repeatedSingletons(req: { rawHeaders: string[] }, operation: OperationSpec): Violation[] {
  const raw = req.rawHeaders;
  let sent: Map<string, number> | undefined;
  let underscored: Map<string, Set<string>> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const field = raw[i] as string;
    // Most fields differ in length from every singleton (`_` for `-` keeps the length): they are
    // not lower-cased.
    if (!SINGLETON_LENGTHS.has(field.length)) {
      continue;
    }
    const lower = field.toLowerCase();
    let name = lower;
    if (!SINGLETON_NAMES.has(lower)) {
      name = cgiName(lower);
      if (!SINGLETON_NAMES.has(name) || judged(name, operation)) {
        continue;
      }
      underscored ??= new Map();
      underscored.set(name, (underscored.get(name) ?? new Set<string>()).add(field));
    }
    sent ??= new Map();
    sent.set(name, (sent.get(name) ?? 0) + 1);
  }
  if (sent === undefined) {
    return [];
  }
  const found: Violation[] = [];
  for (const [name, shown, guess] of SINGLETONS) {
    const count = sent.get(name) ?? 0;
    if (count < 2) {
      continue;
    }
    const spellings = underscored?.get(name);
    const spelled =
      spellings === undefined
        ? ''
        : ` (counting ${[...spellings].join(', ')}: servers that read header names CGI-style read \`_\` as \`-\`)`;
    found.push({
      location: 'header',
      pointer: `/${name}`,
      schemaPath: '',
      keyword: 'repeatedHeader',
      message: `must be sent once: this request has ${count} ${shown} headers${spelled}, and ${guess} would be a guess`,
    });
  }
  return found;
}

/** The headers the contract reads to judge a body: its type and its coding. */
const BODY_HEADERS = ['content-type', 'content-encoding'];

/** Whether the contract judges the request by the header (lower-case): a body header, or a header parameter the operation documents. */
function judged(name: string, operation: OperationSpec): boolean {
  return (
    BODY_HEADERS.includes(name) || operation.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === name)
  );
}

/**
 * A violation for each header spelled with `_` that a server reading names CGI-style
 * ({@link cgiName}) takes for one the contract judges the request by (`Content_Type` for
 * Content-Type, or for a header parameter the operation documents), pointing at the name as sent.
 * Beside the real one it is a second value the validator never saw (a CGI-style upstream could
 * read the body as `text/plain` where `application/json` was checked); alone, the check would
 * judge a request without it that such an upstream reads with it. Refused, as the override
 * headers are, rather than dropped: the caller learns which name to send.
 */
function misspelledJudged(headers: Record<string, unknown>, operation: OperationSpec): Violation[] {
  const found: Violation[] = [];
  for (const sent of Object.keys(headers)) {
    if (!sent.includes('_')) {
      continue;
    }
    const name = cgiName(sent);
    if (judged(name, operation)) {
      found.push({
        location: 'header',
        pointer: joinPointer('', sent),
        schemaPath: '',
        keyword: 'headerSpelling',
        message: `is read as ${name} by servers that read header names CGI-style (\`_\` as \`-\`), but was not checked as ${name}: send it as ${name}, once`,
      });
    }
  }
  return found;
}

/**
 * What the log keeps of a violation: where it is and which check failed, not the message or the
 * value, which quote what the caller sent (a query or a header may hold a secret put there by
 * mistake). The caller reads them in the answer.
 */
function whereAndWhich({ location, pointer, schemaPath, keyword, omitted }: Violation) {
  return { location, pointer, schemaPath, keyword, omitted };
}

/**
 * Validates the request (path, query, headers, body) against the operation with the contract
 * core. An invalid request is answered here, never forwarded: 415 for a Content-Type the
 * operation does not accept, otherwise 400 `validation_error` listing every problem.
 *
 * @example
 * pipeline(startContext, [identify, limit, authorise, resolve, readBody(…), validateRequest({ contract, metrics, logger }), …]);
 */
export function validateRequest({
  contract,
  metrics,
  logger,
}: {
  contract: Contract;
  metrics: ProxyMetrics;
  logger: Logger;
}): Step {
  /** Counts and logs the request's violations, then refuses it: 415 for its Content-Type, else 400. */
  function refuse(ctx: RequestContext, operation: OperationSpec, violations: Violation[]): never {
    ctx.requestViolations = countViolations(metrics, operation.operationId, 'request', violations);
    if (logger.isLevelEnabled('debug')) {
      logger.debug(
        { reqId: ctx.requestId, operation: operation.operationId, violations: violations.map(whereAndWhich) },
        'request rejected',
      );
    }
    const details = violations.map(violationDetail);
    if (violations.some((v) => v.keyword === 'contentType')) {
      throw new HttpError(
        415,
        'unsupported_media_type',
        `Unsupported Media Type: ${summarizeViolations(violations, 3)}`,
        { details },
      );
    }
    throw new HttpError(400, 'validation_error', `Validation Error: ${summarizeViolations(violations, 3)}`, {
      details,
    });
  }
  return function validate(req, _res, ctx) {
    const operation = ctx.operation;
    if (!operation) {
      throw new Error('validateRequest needs the operation resolved first');
    }
    // Before the rest: every check of the body would read it as one of the types, a guess (and a
    // repeated date would be forwarded as the first alone).
    const repeated = repeatedSingletons(req, operation);
    if (repeated.length > 0) {
      refuse(ctx, operation, repeated);
    }
    // Headers as forwarded: one the Connection header lists is dropped, so it must not pass validation.
    const headers = asForwarded(req.headers);
    const misspelled = misspelledJudged(headers, operation);
    if (misspelled.length > 0) {
      refuse(ctx, operation, misspelled);
    }
    // Validated as sent (the validator reads past one byte order mark, and a second one is then
    // text before the document, which is not JSON), forwarded without the mark.
    const result = contract.validateRequest({
      method: ctx.method,
      path: ctx.path,
      query: ctx.query,
      headers,
      ...(ctx.body === undefined ? {} : { rawBody: ctx.body }),
    });
    const overrides = overridesIn(headers, operation);
    if (result.valid && overrides.length === 0) {
      if (ctx.body !== undefined) {
        ctx.body = withoutByteOrderMark(ctx.body, req.headers['content-type']);
      }
      return;
    }
    refuse(ctx, operation, overrides.length === 0 ? result.violations : [...overrides, ...result.violations]);
  };
}
