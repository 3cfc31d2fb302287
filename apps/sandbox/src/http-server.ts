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

/** The signals a start command shuts down on: a supervisor's stop (SIGTERM) and Ctrl-C (SIGINT). */
const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** A start command's SIGTERM and SIGINT, caught from the start: see {@link catchShutdownSignals}. */
export interface ShutdownSignals {
  /**
   * Hands the signals to the shutdown, once the service is up: `shutdown` runs once, for the
   * first signal (at once if one came while starting); each later one goes to `repeated`, and
   * the drain goes on. Call it once.
   */
  shutDownWith(handlers: {
    shutdown: (signal: NodeJS.Signals) => void;
    repeated?: (signal: NodeJS.Signals) => void;
  }): void;
}

/**
 * Catches SIGTERM and SIGINT from the moment it is called, so that neither meets Node's default
 * (exit at once, nothing closed) while the service starts or while it drains. A signal that
 * arrives while starting is kept, and acted on by {@link ShutdownSignals.shutDownWith}; a second
 * one while draining (a supervisor repeating itself, Ctrl-C pressed twice) lets the requests in
 * flight finish rather than cut them, uploads half written. The proxy and the sandbox both stop
 * this way; SIGKILL still stops either at once.
 *
 * @see https://nodejs.org/api/process.html#signal-events
 * @example
 * const signals = catchShutdownSignals();
 * const server = await start();
 * signals.shutDownWith({
 *   shutdown: (signal) => server.close().then(() => process.exit(0)),
 *   repeated: (signal) => logger.info({ signal }, 'still finishing in-flight requests'),
 * });
 */
export function catchShutdownSignals(): ShutdownSignals {
  let caught: NodeJS.Signals | undefined;
  const whileStarting = (signal: NodeJS.Signals) => {
    caught ??= signal;
  };
  for (const signal of SHUTDOWN_SIGNALS) {
    process.on(signal, whileStarting);
  }
  return {
    shutDownWith({ shutdown, repeated = () => {} }) {
      let stopping = false;
      const onSignal = (signal: NodeJS.Signals) => {
        if (stopping) {
          repeated(signal);
          return;
        }
        stopping = true;
        shutdown(signal);
      };
      // `on`, not `once`: a second signal during the drain must find the guard, not Node's default.
      // Added before the start-up listeners are removed: removing a signal's last listener closes
      // Node's watcher for it, and a signal already caught for that watcher but not yet delivered
      // was lost with it (found in the proxy's CI: a SIGTERM sent as the ready line appeared left
      // it running, about one start in six).
      for (const signal of SHUTDOWN_SIGNALS) {
        process.on(signal, onSignal);
      }
      for (const signal of SHUTDOWN_SIGNALS) {
        process.removeListener(signal, whileStarting);
      }
      if (caught) {
        onSignal(caught);
      }
    },
  };
}
