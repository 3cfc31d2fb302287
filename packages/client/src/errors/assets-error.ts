/**
 * The base class of every error this client throws, so one `instanceof` catches them all. A
 * caller's own abort is the exception: it rejects with the signal's reason, untouched.
 *
 * @example
 * try { await client.assets.get(id); } catch (error) { if (error instanceof AssetsError) log(error.name); }
 */
export class AssetsError extends Error {
  override name = 'AssetsError';
}

/**
 * Where a request that failed without a response was going.
 *
 * @example
 * const facts: RequestFacts = { method: 'GET', url, attempts: 3, cause };
 */
export interface RequestFacts {
  method: string;
  url: string;
  /** How many times the request was sent (1 + retries). */
  attempts: number;
  cause?: unknown;
}

/**
 * A request that got no HTTP response (connection refused or reset, DNS failure), after every
 * retry the policy allowed.
 *
 * @example
 * if (error instanceof AssetsNetworkError) log(`${error.method} ${error.url} failed ${error.attempts}×`);
 */
export class AssetsNetworkError extends AssetsError {
  override name = 'AssetsNetworkError';
  readonly method: string;
  readonly url: string;
  readonly attempts: number;

  constructor(message: string, facts: RequestFacts) {
    super(message, { cause: facts.cause });
    this.method = facts.method;
    this.url = facts.url;
    this.attempts = facts.attempts;
  }
}

/**
 * A request whose every attempt ran past `timeoutMs` (headers and body included).
 *
 * @example
 * if (error instanceof AssetsTimeoutError) log(`gave up after ${error.timeoutMs} ms × ${error.attempts}`);
 */
export class AssetsTimeoutError extends AssetsNetworkError {
  override name = 'AssetsTimeoutError';
  readonly timeoutMs: number;

  constructor(facts: RequestFacts & { timeoutMs: number }) {
    const tries = facts.attempts === 1 ? '' : ` (${facts.attempts} attempts)`;
    super(`${facts.method} ${facts.url} timed out after ${facts.timeoutMs} ms${tries}`, facts);
    this.timeoutMs = facts.timeoutMs;
  }
}
