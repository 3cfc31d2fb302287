import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A canned response a path answers with. */
export interface Canned {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A real HTTP server on 127.0.0.1:0 that answers each path with a canned response, for tests of
 * the matchers (which read real `Response` objects, not stand-ins).
 */
export async function startStaticServer(
  routes: Record<string, Canned>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (!route) {
      res.writeHead(599).end();
      return;
    }
    res.writeHead(route.status, route.headers).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
