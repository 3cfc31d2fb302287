import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP server on an ephemeral port of 127.0.0.1, and the client's `baseUrl` for it. */
export interface LocalServer {
  server: Server;
  /** `http://127.0.0.1:<port>/v2`. */
  baseUrl: string;
  /** Drops its open connections and closes it. */
  close(): Promise<void>;
}

/**
 * Starts a server that answers as `handler` says: for answers the sandbox never gives (another id,
 * a page that ignores its offset, an empty success), over real HTTP.
 *
 * @example
 * const local = await startLocalServer((req, res) => res.writeHead(200).end('{}'));
 * createAssetsClient({ baseUrl: local.baseUrl, token: 't' });
 * await local.close();
 */
export async function startLocalServer(handler: RequestListener): Promise<LocalServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
