/** What a raw exchange saw: the bytes the server sent and whether it closed the connection. */
export interface RawExchange {
  /** Everything the server sent, as text. */
  response: string;
  /** The status of the first response, or 0 when there was none. */
  status: number;
  /** The first response's headers, names in lower case. */
  headers: Record<string, string>;
  /** What followed the first response's head, as sent (not de-chunked). */
  body: string;
  /** Whether the server closed the connection (false: `waitMs` passed first). */
  closed: boolean;
}

/**
 * Writes bytes to a server over a plain TCP socket (HTTP a client library would refuse to send:
 * conflicting framing, trickled headers, no Host), one piece every `everyMs`, and collects what
 * comes back until the server closes or `waitMs` passes.
 *
 * @example
 * const { status, closed } = await rawExchange(url, ['GET / HTTP/1.1\r\n', 'Host: x\r\n'], { everyMs: 100, waitMs: 3_000 });
 */
export declare function rawExchange(
  baseUrl: string,
  pieces: readonly string[],
  options?: { everyMs?: number; waitMs?: number; repeatLast?: boolean },
): Promise<RawExchange>;
