// Plain JavaScript like index.js: this package has no build step, and the proxy's, the
// sandbox's and the contract's tests all send raw bytes the same way.
import { connect } from 'node:net';

/**
 * Writes bytes to a server over a plain TCP socket (HTTP a client library would refuse to send:
 * conflicting framing, trickled headers, no Host), one piece every `everyMs`, and collects what
 * comes back until the server closes or `waitMs` passes.
 *
 * @param {string} baseUrl `http://host:port` of the server
 * @param {readonly string[]} pieces what to write, in order
 * @param {{ everyMs?: number; waitMs?: number; repeatLast?: boolean }} [options]
 * @returns {Promise<import('./raw-exchange.js').RawExchange>}
 * @example
 * const { status, closed } = await rawExchange(url, ['GET / HTTP/1.1\r\n', 'Host: x\r\n'], { everyMs: 100, waitMs: 3_000 });
 */
export function rawExchange(baseUrl, pieces, { everyMs = 0, waitMs = 3_000, repeatLast = false } = {}) {
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
    const finish = (closed) => {
      clearTimeout(pump);
      clearTimeout(deadline);
      socket.destroy();
      resolve({ response, closed, ...parseResponse(response) });
    };
    const deadline = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk) => {
      response += chunk.toString('utf8');
    });
    socket.on('error', () => undefined);
    socket.once('close', () => finish(true));
  });
}

/**
 * The status, headers (names in lower case) and body of the first response in `response`; the
 * body is everything after the head, as sent (not de-chunked).
 *
 * @param {string} response
 */
function parseResponse(response) {
  const end = response.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = (end === -1 ? response : response.slice(0, end)).split('\r\n');
  /** @type {Record<string, string>} */
  const headers = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0);
  return { status, headers, body: end === -1 ? '' : response.slice(end + 4) };
}
