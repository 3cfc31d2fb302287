import { createServer, type Server } from 'node:http';

/**
 * Starts listening and resolves with the port actually bound (for `port: 0`).
 *
 * @example
 * const port = await listen(server, '127.0.0.1', 0);
 */
export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * Listens on `host:port` for a moment: the port bound (for 0, the one the OS handed out), or
 * undefined where it cannot. What the "port in use" hint checks its suggestion with.
 *
 * @example
 * await startupFailure(error, { ...target, probe: (port) => probeListen('127.0.0.1', port) });
 */
export function probeListen(host: string, port: number): Promise<number | undefined> {
  const server = createServer();
  return listen(server, host, port).then(
    (bound) => new Promise((resolve) => server.close(() => resolve(bound))),
    () => undefined,
  );
}

/**
 * Stops accepting connections, closes idle keep-alive ones, lets in-flight requests finish,
 * and after `timeoutMs` cuts whatever is still open.
 *
 * @example
 * process.once('SIGTERM', () => closeGracefully(server).then(() => process.exit(0)));
 */
export function closeGracefully(server: Server, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
    // A keep-alive connection whose last request finishes after close() would otherwise idle
    // until its keep-alive timeout before the server counts as closed.
    const sweep = setInterval(() => server.closeIdleConnections(), 25);
    timer.unref();
    sweep.unref();
    server.close(() => {
      clearTimeout(timer);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
