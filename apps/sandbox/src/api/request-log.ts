import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request that reached the API routes (`/v2/*`, `/beta/*`), as the sandbox saw it. */
export interface LoggedRequest {
  method: string;
  /** URL path without the query string, as sent (still percent-encoded). */
  path: string;
  /** The raw query string without `?` (`''` when none). */
  query: string;
  /** Request headers, lower-case names; repeated headers joined with `, `. `authorization` is kept as sent. */
  headers: Record<string, string>;
  /** The request body as UTF-8 text, its first {@link BODY_KEPT_BYTES} bytes (`''` when none or not read). */
  body: string;
  /** The body's whole length in bytes (more than `body` holds when it was cut). */
  bodySize: number;
  operationId?: string;
  /** The status answered; `0` while in flight or when the connection was dropped. */
  status: number;
  /** When the request arrived (ms since the epoch). */
  at: number;
}

/**
 * How much of each body the log keeps: all of any real API request (a few hundred bytes; the
 * limit is 1 MiB), while a thousand 16 MiB uploads cannot exhaust memory.
 */
export const BODY_KEPT_BYTES = 64 * 1024;

/** A ring buffer of the last requests, for tests that check what a client or proxy sent. */
export interface RequestLog {
  entries(): LoggedRequest[];
  clear(): void;
  /** Starts an entry; the returned record is filled in as the request is handled. */
  record(req: IncomingMessage, res: ServerResponse, at: number): LoggedRecord;
}

/** The mutable parts of an entry, filled in while the request is handled. */
export interface LoggedRecord {
  setBody(body: Uint8Array): void;
  setOperationId(operationId: string): void;
}

interface Slot {
  entry: LoggedRequest;
  res: ServerResponse | undefined;
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
  }
  return out;
}

/**
 * Creates the request log: it keeps the last `capacity` entries; the status of an entry is
 * read from its response when it is asked for, so a test that has just received an answer
 * sees its status even if the server's `finish` event has not fired yet.
 *
 * @example
 * const log = createRequestLog(1000);
 * log.entries().at(-1)?.headers.authorization; // 'Bearer sandbox-token'
 */
export function createRequestLog(capacity = 1000): RequestLog {
  let slots: Slot[] = [];
  const statusOf = (slot: Slot) => (slot.res?.headersSent ? slot.res.statusCode : slot.entry.status);
  return {
    entries: () => slots.map((slot) => ({ ...slot.entry, headers: { ...slot.entry.headers }, status: statusOf(slot) })),
    clear: () => {
      slots = [];
    },
    record(req, res, at) {
      // Inside a mounted router `req.url` lost its `/v2` prefix; Express keeps the original.
      const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
      const q = url.indexOf('?');
      const slot: Slot = {
        entry: {
          method: req.method ?? 'GET',
          path: q < 0 ? url : url.slice(0, q),
          query: q < 0 ? '' : url.slice(q + 1),
          headers: flatHeaders(req),
          body: '',
          bodySize: 0,
          status: 0,
          at,
        },
        res,
      };
      const settle = () => {
        slot.entry.status = res.headersSent ? res.statusCode : 0;
        slot.res = undefined;
      };
      res.once('finish', settle);
      res.once('close', settle);
      slots.push(slot);
      if (slots.length > capacity) {
        slots.splice(0, slots.length - capacity);
      }
      return {
        setBody: (body) => {
          const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
          slot.entry.body = bytes.toString('utf8', 0, Math.min(bytes.length, BODY_KEPT_BYTES));
          slot.entry.bodySize = bytes.length;
        },
        setOperationId: (operationId) => {
          slot.entry.operationId = operationId;
        },
      };
    },
  };
}
