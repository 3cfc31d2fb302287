import { freePortNear, nextPort, type PortProbe } from './free-port.js';

/** Where a server was to listen, and the variables that choose it. */
export interface ListenTarget {
  /** What was starting, for the message: "the proxy", "the embedded sandbox". */
  what: string;
  host: string;
  port: number;
  /** The variable that sets the port (`PORT`, `SANDBOX_PORT`). */
  portVariable: string;
  /** The port it listens on unless told otherwise: suggested where the one asked for is not permitted. */
  defaultPort: number;
  /** Ports the other server of this process uses: never suggested. */
  taken?: readonly number[];
  /**
   * Listens on `host` for a moment, to suggest a port that is free for a port in use (without it,
   * the next port, unchecked).
   */
  probe?: PortProbe;
  /** Who else may hold the port, as a question: "another assetkit proxy or sandbox still running?". */
  inUseHint: string;
}

/** An error as Node's `listen`, `getaddrinfo` or `mkdir` raises it. */
interface SystemError {
  code?: string;
  syscall?: string;
  message?: string;
}

/**
 * The one-line reason a server could not start for a failure that is no listening problem: the
 * error's own message. {@link startupFailure} says it so, and so does a start-up that fails before
 * it knows where it would listen.
 *
 * @example
 * cannotStart('the sandbox', new Error('boom')); // 'cannot start the sandbox: boom'
 */
export function cannotStart(what: string, error: unknown): string {
  const { message } = (typeof error === 'object' && error !== null ? error : {}) as SystemError;
  return `cannot start ${what}: ${message ?? String(error)}`;
}

/**
 * The one-line reason a server could not start, with what to change. A listen error names the
 * address and the variable to set (for a port in use, a port on the same host that was free when
 * checked, given `probe`: {@link freePortNear}); any other error (Redis refusing `REDIS_URL`, a data directory
 * that cannot be made) is its own message, not dressed up as a listening problem. The proxy, its
 * embedded sandbox and the sandbox on its own all say it this way.
 *
 * @example
 * await startupFailure(error, { what: 'the proxy', host: '127.0.0.1', port: 8080, portVariable: 'PORT', defaultPort: 8080, inUseHint: 'another assetkit proxy or sandbox still running?' })
 * // "cannot start the proxy: 127.0.0.1:8080 is already in use (another assetkit proxy or sandbox still running?). Stop it, or choose another port, such as PORT=8081"
 */
export async function startupFailure(error: unknown, target: ListenTarget): Promise<string> {
  const { what, host, port, portVariable, taken = [] } = target;
  const { code, syscall, message } = (typeof error === 'object' && error !== null ? error : {}) as SystemError;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `cannot start ${what}: HOST=${host} is not a name this machine can resolve. Set HOST to an address of this machine, 127.0.0.1 or 0.0.0.0 (every address)`;
  }
  if (syscall !== 'listen' && syscall !== 'bind') {
    return cannotStart(what, error);
  }
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return `cannot start ${what}: ${address} is already in use (${target.inUseHint}). Stop it, or choose another port, such as ${portVariable}=${await freePortNear(port, taken, target.probe)}`;
    case 'EACCES': {
      const allowed = taken.includes(target.defaultPort) ? nextPort(target.defaultPort, taken) : target.defaultPort;
      return `cannot start ${what}: listening on ${address} is not permitted for this user (ports below 1024 usually need root). Choose another port: ${portVariable}=${allowed}`;
    }
    case 'EADDRNOTAVAIL':
      return `cannot start ${what}: HOST=${host} is not an address of this machine. Set HOST to one of its addresses, 127.0.0.1 or 0.0.0.0 (every address)`;
    default:
      return `cannot start ${what} on ${address}: ${message ?? String(error)}`;
  }
}
