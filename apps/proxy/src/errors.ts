import type { ErrorDetail } from '@assetkit/contract';

/**
 * The one error type the proxy throws for a request it answers itself: the HTTP status, the
 * API's error `code` (Webflow's, e.g. `validation_error`), a message safe to show the caller,
 * optional field-level `details`, and headers to send with it.
 *
 * @example
 * throw new HttpError(403, 'missing_scopes', 'This key lacks the scope assets:write');
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { details?: ErrorDetail[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.details = options.details ?? [];
    this.headers = options.headers ?? {};
  }
}

/** The startup failure: every configuration problem, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
