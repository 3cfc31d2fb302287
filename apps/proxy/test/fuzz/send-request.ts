import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { FuzzRequest } from './fuzz-request.js';

/** The `Authorization` value for each credential kind (`missing` sends none). */
export type Credentials = Record<Exclude<FuzzRequest['credential'], 'missing'>, string>;

/** What came back. */
export interface FuzzResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Header lines as received, for searching. */
  rawHeaders: string[];
  body: Buffer;
}

/** The request took longer than the client timeout: a hang, which the fuzz properties forbid. */
export class FuzzTimeout extends Error {}

/**
 * Sends a fuzz request byte for byte (path, query and headers verbatim, duplicates kept; no
 * normalisation of `..` or encodings as `fetch` would do) on a fresh connection, with a
 * client-side timeout. A connection error before any answer rejects; one after it is ignored.
 *
 * @example
 * const res = await sendRequest(proxy.url, request, credentials, { requestId: 'fuzz-1', timeoutMs: 5_000 });
 */
export function sendRequest(
  baseUrl: string,
  request: FuzzRequest,
  credentials: Credentials,
  { requestId, timeoutMs }: { requestId: string; timeoutMs: number },
): Promise<FuzzResponse> {
  const url = new URL(baseUrl);
  const headers: string[] = ['Host', url.host, 'X-Request-Id', requestId];
  if (request.credential !== 'missing') {
    headers.push('Authorization', credentials[request.credential]);
  }
  for (const [name, value] of request.headers) {
    headers.push(name, value);
  }
  if (request.body !== undefined) {
    headers.push(
      ...(request.chunked ? ['Transfer-Encoding', 'chunked'] : ['Content-Length', String(request.body.length)]),
    );
  }
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      method: request.method,
      path: `${request.path}${request.query ? `?${request.query}` : ''}`,
      headers,
      agent: false,
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new FuzzTimeout(`no complete answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const answer = (res: IncomingMessage, chunks: Buffer[]) => {
      clearTimeout(timer);
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        rawHeaders: res.rawHeaders,
        body: Buffer.concat(chunks),
      });
    };
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => answer(res, chunks));
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    // A CONNECT answer arrives as a tunnel: the body is whatever follows on the socket.
    req.on('connect', (res, socket, head) => {
      answered = true;
      const chunks: Buffer[] = [head];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('close', () => answer(res, chunks));
    });
    req.on('error', (error) => {
      if (!answered) {
        clearTimeout(timer);
        reject(error);
      }
    });
    if (request.body !== undefined && request.chunked) {
      req.write(request.body);
    }
    req.end(request.chunked ? undefined : request.body);
  });
}
