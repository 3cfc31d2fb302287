import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An answer as the stand-in sends it. */
export interface StandInAnswer {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/** A request as the stand-in received it. */
export interface StandInRequest {
  method: string;
  url: URL;
}

/** Sends the request on to the upstream (at `url` when given, a URL on the stand-in) and reads its answer. */
export type Forward = (url?: URL) => Promise<StandInAnswer>;

/** Headers that describe one hop's framing, not the answer: the stand-in frames its own. */
const HOP = ['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'host'];

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * A real HTTP server on 127.0.0.1:0 in front of `upstream` (a sandbox) that answers each request
 * as `handle` says, usually by forwarding it (changed or not) and changing the answer: a server
 * that differs from the sandbox in one way, over the wire, for what the sandbox's faults cannot
 * cause.
 *
 * @example
 * const standIn = await startStandIn(sandbox.url, (req, forward) => forward());
 */
export async function startStandIn(
  upstream: string,
  handle: (req: StandInRequest, forward: Forward) => Promise<StandInAnswer>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const sent = await bodyOf(req);
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const method = req.method ?? 'GET';
    const forward: Forward = async (to = url) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (!HOP.includes(name) && name !== 'accept-encoding' && typeof value === 'string') {
          headers.set(name, value);
        }
      }
      const answer = await fetch(`${upstream}${to.pathname}${to.search}`, {
        method,
        headers,
        body: sent.length > 0 ? new Uint8Array(sent) : undefined,
        redirect: 'manual',
      });
      return { status: answer.status, headers: answer.headers, body: new Uint8Array(await answer.arrayBuffer()) };
    };
    try {
      const answer = await handle({ method, url }, forward);
      const headers: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (!HOP.includes(name)) {
          headers[name] = value;
        }
      });
      if (answer.status !== 204) {
        headers['content-length'] = String(answer.body.length);
      }
      res.writeHead(answer.status, headers).end(answer.status === 204 ? undefined : answer.body);
    } catch {
      res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
