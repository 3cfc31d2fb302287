import type { ErrorCode, ErrorDetail } from '../api-types.js';
import { parseRetryAfter } from '../retry/retry-after.js';
import { AssetsError } from './assets-error.js';

/**
 * Everything an {@link AssetsApiError} carries.
 *
 * @example
 * const facts: ApiErrorFacts = { status: 404, code: 'resource_not_found', message, details: [], requestId: undefined,
 *   operationId: 'get-asset', retryAfterSeconds: undefined, attempts: 1, body };
 */
export interface ApiErrorFacts {
  status: number;
  code: ErrorCode | (string & {});
  message: string;
  details: ErrorDetail[];
  requestId: string | undefined;
  operationId: string | undefined;
  retryAfterSeconds: number | undefined;
  /** How many times the request was sent (1 + retries). */
  attempts: number;
  /** The parsed error body (or its text when it was not JSON). */
  body: unknown;
}

/**
 * A non-2xx answer of the asset API, with Webflow's error body taken apart: branch on `code`, not
 * on message strings.
 *
 * @example
 * try {
 *   await client.assets.get(assetId);
 * } catch (error) {
 *   if (error instanceof AssetsApiError && error.code === 'resource_not_found') return undefined;
 *   throw error;
 * }
 */
export class AssetsApiError extends AssetsError {
  override name = 'AssetsApiError';
  readonly status: number;
  /** Webflow's machine-readable code (`resource_not_found`, `validation_error`, `missing_scopes`, …). */
  readonly code: ErrorCode | (string & {});
  /** Field-level problems: strings or `{ field, message, location?, pointer? }`. */
  readonly details: ErrorDetail[];
  /** The `x-request-id` response header, for support tickets and log correlation. */
  readonly requestId: string | undefined;
  readonly operationId: string | undefined;
  /**
   * The `Retry-After` of a 429/503 in seconds, read like the retries read it: delay-seconds
   * (fractions kept) or an HTTP date counted from when the error was made (0 once it has passed).
   */
  readonly retryAfterSeconds: number | undefined;
  readonly attempts: number;
  readonly body: unknown;

  constructor(facts: ApiErrorFacts) {
    super(facts.message);
    this.status = facts.status;
    this.code = facts.code;
    this.details = facts.details;
    this.requestId = facts.requestId;
    this.operationId = facts.operationId;
    this.retryAfterSeconds = facts.retryAfterSeconds;
    this.attempts = facts.attempts;
    this.body = facts.body;
  }
}

// What Webflow answers for these statuses, used when a body is not Webflow's (a gateway's HTML page).
// 502 and 504 are not in Webflow's ErrorCode list: they are the codes the assetkit proxy answers with.
const CODE_BY_STATUS: Record<number, AssetsApiError['code']> = {
  400: 'bad_request',
  401: 'not_authorized',
  403: 'forbidden',
  404: 'resource_not_found',
  409: 'conflict',
  429: 'too_many_requests',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Builds an {@link AssetsApiError} from a non-2xx response and its body (parsed JSON, or the text
 * when it was not JSON, as openapi-fetch hands it over). A body that is not Webflow's shape still
 * gives a usable error: a code from the status and the start of the text.
 *
 * @example
 * const { error: body, response } = await client.GET('/assets/{asset_id}', { params: { path: { asset_id } } });
 * if (!response.ok) throw apiErrorFromResponse(response, body, { operationId: 'get-asset', attempts: 1 });
 */
export function apiErrorFromResponse(
  response: Response,
  body: unknown,
  context: { operationId: string | undefined; attempts: number },
): AssetsApiError {
  const fields = isRecord(body) ? body : {};
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
  const statusLine = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const snippet = typeof body === 'string' && body !== '' ? `: ${body.slice(0, 200)}` : '';
  return new AssetsApiError({
    status: response.status,
    code: typeof fields.code === 'string' ? fields.code : (CODE_BY_STATUS[response.status] ?? 'unknown_error'),
    message: typeof fields.message === 'string' ? fields.message : `${statusLine}${snippet}`,
    details: Array.isArray(fields.details) ? (fields.details as ErrorDetail[]) : [],
    requestId: response.headers.get('x-request-id') ?? undefined,
    operationId: context.operationId,
    retryAfterSeconds: retryAfterMs === undefined ? undefined : retryAfterMs / 1000,
    attempts: context.attempts,
    body,
  });
}
