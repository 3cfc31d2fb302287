// Plain JavaScript like index.js: the contract's, the proxy's and the sandbox's tests of the
// "port in use" hint all hold ports and check the one suggested the same way.
import { createServer } from 'node:net';

/** @param {string} host @param {number} port @returns {Promise<import('node:net').Server>} */
function listenOn(host, port) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => resolve(server));
  });
}

/** @param {import('node:net').Server} server @returns {Promise<void>} */
function closeServer(server) {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Holds two neighbouring ports on `host` (one the OS hands out, and the one after it) until `close`.
 *
 * @param {string} [host]
 * @returns {Promise<import('./held-ports.js').HeldPorts>}
 * @example
 * const held = await holdNeighbouringPorts(); // held.ports: [41234, 41235]
 */
export async function holdNeighbouringPorts(host = '127.0.0.1') {
  for (;;) {
    const first = await listenOn(host, 0);
    const port = /** @type {import('node:net').AddressInfo} */ (first.address()).port;
    const second = port < 65535 ? await listenOn(host, port + 1).catch(() => undefined) : undefined;
    if (second) {
      return { ports: [port, port + 1], close: async () => void (await Promise.all([first, second].map(closeServer))) };
    }
    await closeServer(first);
  }
}

/**
 * Whether `host:port` can be listened on now (bound and released at once).
 *
 * @param {string} host
 * @param {number} port
 * @returns {Promise<boolean>}
 */
export function canListen(host, port) {
  return listenOn(host, port).then(
    (server) => closeServer(server).then(() => true),
    () => false,
  );
}
