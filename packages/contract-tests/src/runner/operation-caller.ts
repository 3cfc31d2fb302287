import { type Contract, readCappedBody, replaceSecret } from '@assetkit/contract';
import type { Clock } from './clock.js';
import { REDACTED, redactHeaders, toCurl } from './curl.js';
import { CODE_OPTION_NAMES, type OptionNames } from './option-names.js';
import type { RateLimiter, Release } from './rate-limiter.js';
import { DEFAULT_RETRY_WAIT_MS, MAX_RETRY_WAIT_MS, retryAfterMs } from './rate-limiter.js';
import type { CheckResult, RecordedRequest, ResponseExcerpt } from './report-types.js';
import { checkResponse } from './response-checks.js';
import { excerptOf } from './response-excerpt.js';
import type { Lane } from './run-limiter.js';
import type { AuthChoice, CallSpec, FetchLike, RawExchange, RawRequest } from './scenario-types.js';
import { operationUrl } from './target-url.js';
import { certificateCode } from './tls-failure.js';

/**
 * How many exchanges in a row (a step's API calls, a cleanup's removals) may get no answer at all
 * before the target counts as stopped answering, and the rest are not tried.
 */
export const SILENT_IN_A_ROW_BEFORE_GIVING_UP = 2;

/**
 * How a 429's check subject begins its note when the call was not sent again (its `Retry-After`
 * asked for more than the suite waits), for the report's hint to tell it from a retried one.
 */
export const NOT_SENT_AGAIN = 'not sent again:';

/** A request failed before any response arrived (refused, reset, timed out). */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly request: RecordedRequest,
    options?: { cause?: unknown; operationId?: string },
  ) {
    super(message, options);
    this.name = 'TransportError';
    this.operationId = options?.operationId;
  }

  /** The operation the request was for (none for raw requests). */
  readonly operationId: string | undefined;

  /** Checks of the 429 answers the call got before this request, which got none. */
  checksBefore: CheckResult[] = [];
}

/** The run was interrupted; no new request is sent. */
export class InterruptedError extends Error {
  constructor() {
    super('the run was interrupted');
    this.name = 'InterruptedError';
  }

  /** Checks of the 429 answers the call got before the interruption cut its retry short. */
  checksBefore: CheckResult[] = [];
}

/** What one call gives back: the response and every check made on it (429 retries included). */
export interface CallOutcome {
  status: number;
  headers: Headers;
  text: string;
  checks: CheckResult[];
  request: RecordedRequest;
}

/** What {@link createOperationCaller} works with (all injected, so tests control each part). */
export interface CallerDeps {
  contract: Contract;
  root: string;
  fetch: FetchLike;
  limiter: RateLimiter;
  clock: Clock;
  /** `token` is optional: an API whose spec declares no security is called without credentials. */
  tokens: { token?: string | undefined; readOnly?: string | undefined };
  timeoutMs: number;
  /** How many times one call is re-sent after a 429. */
  maxRetries: number;
  strict: boolean;
  /** Set when the run is interrupted: no new requests, and waits end at once. */
  interrupt?: AbortSignal | undefined;
  /** Every response of an operation, for the coverage matrix. */
  onResponse?: ((operationId: string, status: number) => void) | undefined;
  /** Called as a request is handed to `fetch`, past the interruption check and the rate limiter. */
  onSend?: ((method: string) => void) | undefined;
  /** Told in one line of each wait before a 429 is sent again, so a run that waits is not silent. */
  onRetryWait?: ((line: string) => void) | undefined;
  /** How messages name the run's options (the timeout): as code sets them unless told. */
  optionNames?: OptionNames | undefined;
}

function authHeader(auth: AuthChoice, tokens: CallerDeps['tokens']): string | undefined {
  if (auth === 'none') {
    return undefined;
  }
  if (typeof auth === 'object') {
    return `Bearer ${auth.bearer}`;
  }
  if (auth === 'read-only') {
    if (!tokens.readOnly) {
      throw new TypeError('this call needs a read-only token, and none was given');
    }
    return `Bearer ${tokens.readOnly}`;
  }
  return tokens.token === undefined ? undefined : `Bearer ${tokens.token}`;
}

/** Whose budget a call spends: a wrong token is counted like none (by the client's address). */
function laneOf(auth: AuthChoice): Lane {
  return auth === 'token' ? 'token' : auth === 'read-only' ? 'read-only' : 'other';
}

/** A form's fields as the report records them (file parts by name and size, never their bytes). */
function recordForm(form: FormData): NonNullable<RecordedRequest['form']> {
  return [...form.entries()].map(([name, value]) =>
    typeof value === 'string' ? { name, value } : { name, fileName: value.name, size: value.size },
  );
}

/**
 * A call that ends without an answer after one or more 429s still got those answers: they were
 * counted for coverage as they came, so their checks travel with the error and reach the report.
 */
async function keepingChecks<T>(pending: Promise<T>, checks: CheckResult[]): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof TransportError || error instanceof InterruptedError) {
      error.checksBefore = checks;
    }
    throw error;
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  // OpenSSL's message is its internals (`80EC…:error:0A00010B:SSL routines:…ssl3_record.c:350:`); its `reason` says it.
  const reason = error.cause instanceof Error ? (error.cause as { reason?: unknown }).reason : undefined;
  const cause = error.cause instanceof Error ? `: ${typeof reason === 'string' ? reason : error.cause.message}` : '';
  // A certificate problem's code says which it was ("self-signed certificate" alone does not say where).
  const code = certificateCode(error);
  return `${error.message}${cause}${code !== undefined ? ` (${code})` : ''}`;
}

/**
 * Sends API calls: builds the URL from the operation id, takes a rate-limit slot, applies a
 * timeout, checks the response against the contract, and on 429 waits `Retry-After` and sends
 * the same call again (each 429 is checked and counted too).
 */
export function createOperationCaller(deps: CallerDeps) {
  const secrets = [deps.tokens.token, deps.tokens.readOnly].filter((t): t is string => t !== undefined && t !== '');
  /** A failed response's start for the report, with any token the server echoed back redacted. */
  function excerpt(status: number, headers: Headers, text: string): ResponseExcerpt {
    const redacted = secrets.reduce((out, secret) => replaceSecret(out, secret, REDACTED), text);
    return excerptOf(status, headers, redacted);
  }
  /** A wait the interruption cut short rejects with its reason (the CLI's signal); it was an interruption. */
  async function interruptible<T>(waiting: Promise<T>): Promise<T> {
    try {
      return await waiting;
    } catch (error) {
      throw deps.interrupt?.aborted ? new InterruptedError() : error;
    }
  }

  async function send(
    url: string,
    init: RequestInit,
    recorded: RecordedRequest,
    { unthrottled = false, operationId, lane }: { unthrottled?: boolean | undefined; operationId?: string; lane: Lane },
  ) {
    if (deps.interrupt?.aborted) {
      throw new InterruptedError();
    }
    let release: Release = () => {};
    if (!unthrottled) {
      release = await interruptible(deps.limiter.acquire(deps.interrupt, lane));
    }
    deps.onSend?.(recorded.method);
    // The answer's headers, once they came (the body may still fail): what they say of the budget counts.
    let answer: Headers | undefined;
    let status: number | undefined;
    try {
      // A redirect is the target's answer, and is checked as one (the contract documents none):
      // followed, a cross-origin one drops the token and the run would blame --token.
      const response = await deps.fetch(url, {
        redirect: 'manual',
        ...init,
        signal: AbortSignal.timeout(deps.timeoutMs),
      });
      answer = response.headers;
      status = response.status;
      const bytes = await readCappedBody(response, { reader: 'this suite' });
      return { response, bytes };
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer within ${deps.timeoutMs / 1000} s (${(deps.optionNames ?? CODE_OPTION_NAMES).timeout})`
          : describeError(error);
      throw new TransportError(`${recorded.method} ${url} failed: ${reason}`, recorded, {
        cause: error,
        ...(operationId !== undefined && { operationId }),
      });
    } finally {
      release(answer, status);
    }
  }

  async function call(spec: CallSpec): Promise<CallOutcome> {
    const { method, url } = operationUrl(deps.contract, deps.root, spec.operationId, spec.params, spec.query);
    const headers: Record<string, string> = { accept: 'application/json' };
    const authorization = authHeader(spec.auth ?? 'token', deps.tokens);
    if (authorization) {
      headers.authorization = authorization;
    }
    const text = spec.rawBody ?? (spec.body === undefined ? undefined : JSON.stringify(spec.body));
    if (text !== undefined && !spec.form) {
      headers['content-type'] = spec.contentType ?? 'application/json';
    }
    const body = spec.form ?? text;
    const recorded: RecordedRequest = {
      method,
      url,
      headers: redactHeaders(headers),
      ...(spec.form ? { form: recordForm(spec.form) } : text !== undefined && { body: text }),
    };
    const expected = typeof spec.expect === 'number' ? [spec.expect] : spec.expect;
    const checks: CheckResult[] = [];
    for (let attempt = 0; ; attempt++) {
      const { response, bytes } = await keepingChecks(
        send(url, { method, headers, body }, recorded, {
          unthrottled: spec.unthrottled,
          operationId: spec.operationId,
          lane: laneOf(spec.auth ?? 'token'),
        }),
        checks,
      );
      const text = new TextDecoder().decode(bytes);
      deps.onResponse?.(spec.operationId, response.status);
      const retryable =
        response.status === 429 && !spec.noRetry && !expected.includes(429) && attempt < deps.maxRetries;
      const retryAfter = response.headers.get('retry-after');
      // Read once, uncapped: -1 when absent or unreadable, and then the default wait applies. A
      // wait past the cap is not shortened: sent again sooner than the server asked, the call
      // would only meet the same 429, after minutes of waiting.
      const asked = retryable ? retryAfterMs(retryAfter, deps.clock.now(), -1, Number.POSITIVE_INFINITY) : -1;
      const retry = retryable && asked <= MAX_RETRY_WAIT_MS;
      const curl = toCurl(recorded);
      const results = checkResponse(deps.contract, {
        operationId: spec.operationId,
        method,
        status: response.status,
        headers: response.headers,
        text,
        bytes,
        strict: deps.strict,
        ...(!retry && { expected }),
      });
      const wait = !retry ? 0 : asked >= 0 ? asked : DEFAULT_RETRY_WAIT_MS;
      const named = `Retry-After: ${retryAfter?.trim().slice(0, 40)}`;
      // Says what the wait came from: a 429 without a usable Retry-After is waited out by default.
      const retried = !retryable
        ? ''
        : !retry
          ? `${NOT_SENT_AGAIN} ${named} asks for longer than the ${MAX_RETRY_WAIT_MS / 1000} s the suite waits`
          : asked >= 0 && retryAfter !== null
            ? `retried after ${named}`
            : `retried after ${wait / 1000} s, as the 429 had no usable Retry-After`;
      const failedExcerpt = results.some((r) => !r.passed)
        ? excerpt(response.status, response.headers, text)
        : undefined;
      for (const result of results) {
        checks.push({
          ...result,
          ...(retryable && { subject: `${result.subject} (${retried})` }),
          request: recorded,
          curl,
          ...(!result.passed && failedExcerpt && { response: failedExcerpt }),
        });
      }
      if (!retry) {
        return { status: response.status, headers: response.headers, text, checks, request: recorded };
      }
      const why = asked >= 0 && retryAfter !== null ? named : 'no usable Retry-After';
      deps.onRetryWait?.(
        `${spec.operationId} answered 429; sending it again in ${wait / 1000} s (${why}), attempt ${attempt + 2} of ${deps.maxRetries + 1}`,
      );
      await keepingChecks(interruptible(deps.clock.sleep(wait, deps.interrupt)), checks);
    }
  }

  /**
   * A request outside the contract: no token, no checks, the same timeout, the limiter's storage
   * lane. A GET follows redirects, as every reader of a file's URL does (a CDN may send it on to
   * where the bytes are); it carries no token to lose.
   */
  async function raw(request: RawRequest): Promise<RawExchange & { recorded: RecordedRequest }> {
    const recorded: RecordedRequest = {
      method: request.method,
      url: request.url,
      headers: redactHeaders(request.headers ?? {}),
    };
    if (typeof request.body === 'string') {
      recorded.body = request.body;
    } else if (request.body) {
      recorded.form = recordForm(request.body);
    }
    const { response, bytes } = await send(
      request.url,
      {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: request.method.toUpperCase() === 'GET' ? 'follow' : 'manual',
      },
      recorded,
      { lane: 'storage' },
    );
    return {
      status: response.status,
      headers: response.headers,
      bytes,
      text: new TextDecoder().decode(bytes),
      recorded,
    };
  }

  return { call, raw, excerpt };
}

/** The caller {@link createOperationCaller} builds. */
export type OperationCaller = ReturnType<typeof createOperationCaller>;
