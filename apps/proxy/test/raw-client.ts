import { request } from 'node:http';
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** What a raw exchange saw: the bytes the server sent and whether it closed the connection. */
export interface RawExchange {
  response: string;
  status: number;
  closed: boolean;
}

/**
 * Writes bytes to a server over a plain TCP socket (HTTP a client library would refuse to send:
 * conflicting framing, trickled headers), one piece every `everyMs`, and collects what comes
 * back until the server closes or `waitMs` passes.
 *
 * @example
 * const { status, closed } = await rawExchange(url, ['GET / HTTP/1.1\r\n', 'Host: x\r\n'], { everyMs: 100, waitMs: 3_000 });
 */
export function rawExchange(
  baseUrl: string,
  pieces: readonly string[],
  { everyMs = 0, waitMs = 3_000, repeatLast = false }: { everyMs?: number; waitMs?: number; repeatLast?: boolean } = {},
): Promise<RawExchange> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    let response = '';
    const socket = connect(Number(url.port), url.hostname);
    let i = 0;
    const send = () => {
      const piece = pieces[Math.min(i, pieces.length - 1)];
      if ((i < pieces.length || repeatLast) && socket.writable && piece !== undefined) {
        socket.write(piece);
        i++;
        pump = setTimeout(send, everyMs);
      }
    };
    let pump = setTimeout(send, 0);
    const finish = (closed: boolean) => {
      clearTimeout(pump);
      clearTimeout(deadline);
      socket.destroy();
      resolve({ response, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0), closed });
    };
    const deadline = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk: Buffer) => {
      response += chunk.toString('utf8');
    });
    socket.on('error', () => undefined);
    socket.once('close', () => finish(true));
  });
}

/** A GET on a fresh connection (closed after): status and body, or the error it ended with. */
export function getOnce(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Polls until `condition` holds or `timeoutMs` passes; returns whether it held. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await condition()) {
      return true;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return condition();
}

/** The heap in use after a full garbage collection (V8's `gc`, exposed at run time). */
export function heapAfterGc(): number {
  setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
