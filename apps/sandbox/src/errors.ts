import type { ErrorDetail } from '@assetkit/contract';

/**
 * The one error type the sandbox throws for a request it rejects: the HTTP status, Webflow's
 * error `code`, a message safe to show the caller, field-level `details` and extra headers.
 *
 * @example
 * throw new HttpError(404, 'resource_not_found', 'Requested resource not found: The asset cannot be found');
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

/** A 404 in Webflow's words for a resource (`site`, `asset`, `folder`, …) that does not exist. */
export function notFound(what: string): HttpError {
  return new HttpError(404, 'resource_not_found', `Requested resource not found: The ${what} cannot be found`);
}

/** The startup failure: every configuration problem, one per line. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid sandbox configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
