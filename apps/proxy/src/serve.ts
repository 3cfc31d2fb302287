import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { answerMalformedRequests, baseUrl, type Contract, type RefusalOptions, requireHost } from '@assetkit/contract';
import type { ProxyConfig } from './config.js';
import { otherExpectation } from './expect-continue.js';

/** Where a connection keeps the newest answer on it that is not done yet (`null`: none). */
const NEWEST = Symbol('newest answer');

/**
 * A connection, with its newest answer: pipelined requests reach the app at once, and Node
 * queues their answers behind the one it is sending, out of sight.
 */
type Connection = Socket & { [NEWEST]: ServerResponse | null };

/**
 * Whether Node closes the connection after an answer whose head is sent: one the shutdown marked
 * (`shouldKeepAlive`), or one whose own `Connection` header says so (the proxy's 413 and 501),
 * which leaves `shouldKeepAlive` as it was. That header cannot be read back (`writeHead`'s headers
 * bypass `getHeader`); `_last` is undocumented, but it is what Node sets as it writes either head
 * and what its server closes the connection on once the answer is done.
 */
function closesConnection(res: ServerResponse & { _last?: boolean }): boolean {
  return !res.shouldKeepAlive || res._last === true;
}

/** A listening HTTP server that knows how many requests are in flight. */
export interface Serving {
  server: Server;
  /** `http://host:port` as callers reach it (loopback for a wildcard `HOST`: `0.0.0.0`, `::`). */
  url: string;
  /**
   * Shuts down without losing a request: for `graceMs` it keeps answering but asks every client
   * to close its connection (`Connection: close`), then stops accepting, lets in-flight requests
   * finish (up to `timeoutMs`) and closes every socket. Resolves with how many requests the
   * timeout cut off (0: every one finished).
   */
  drain(timeoutMs: number, graceMs?: number): Promise<number>;
}

/** What {@link serve} needs besides the app and the configuration. */
export interface ServeOptions {
  /** The API's error shape, for what Node's parser refuses (without it, Node's own empty answers). */
  contract?: Pick<Contract, 'errorBody' | 'errorFormat'>;
  /** How those answers get a request id and are reported. */
  refusals?: RefusalOptions;
  /**
   * Called for each request pipelined behind an answer that closes the connection (as a shutdown's
   * do): it is never handed to the app, nor answered, so this is where it is logged and counted.
   */
  onUnhandled?: (req: IncomingMessage) => void;
}

/**
 * Listens with the inbound timeouts that cut off slow clients (slow headers, slow bodies), answers
 * what Node's parser refuses in the API's error shape (given the contract; with `refusals`, those
 * answers carry a request id and are reported for the log and metrics), and
 * tracks in-flight requests so shutdown can wait for them.
 *
 * @example
 * const { url, drain } = await serve(app, config, { contract });
 * process.once('SIGTERM', async () => process.exit((await drain(10_000)) > 0 ? 1 : 0));
 */
export async function serve(
  app: RequestListener,
  config: Pick<ProxyConfig, 'port' | 'host' | 'inbound'>,
  { contract, refusals = {}, onUnhandled }: ServeOptions = {},
): Promise<Serving> {
  const { headersTimeoutMs, requestTimeoutMs } = config.inbound;
  let closing = false;
  // A count, not a set of the responses: a set held each one from an old-space table, and under
  // load whole requests' objects were promoted with them (+40 MB RSS, +30% CPU a request). The
  // shutdown finds the answers in flight through the connections instead (they live long anyway),
  // each of which points at its newest answer only until that answer is done.
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const sockets = new Set<Connection>();
  // One listener for every answer (`this` is the answer), not a closure per request.
  function answered(this: ServerResponse): void {
    const connection = this.req.socket as Connection;
    if (connection[NEWEST] === this) {
      connection[NEWEST] = null;
    }
    inFlight--;
    if (inFlight === 0) {
      idle?.();
    }
  }
  const handle = contract ? requireHost(app, contract, refusals) : app;
  // Every request comes here before the app: the app answers some before it returns (a 401, a
  // 400, /healthz), and those must already see `closing`.
  function admit(req: IncomingMessage, res: ServerResponse): void {
    const connection = req.socket as Connection;
    const ahead = connection[NEWEST];
    if (ahead?.headersSent && closesConnection(ahead)) {
      // Pipelined behind an answer that has said Connection: close: Node closes the connection
      // after that one and would never send this one's answer, so nothing handles (or forwards)
      // it. The caller sees the connection close first, and may send it again (RFC 9112 §9.3.2).
      onUnhandled?.(req);
      return;
    }
    connection[NEWEST] = res;
    inFlight++;
    if (closing) {
      // Clients stop reusing their connections, so none is idle-and-reused when sockets close. Only
      // the newest answer on a connection may say so: Node closes it after that answer, and one
      // queued behind (a request pipelined after) would never be sent. An unsent answer ahead was
      // marked by the shutdown: Node reads no request after one whose caller asked to close.
      if (ahead !== null && !ahead.headersSent) {
        ahead.shouldKeepAlive = true;
      }
      res.shouldKeepAlive = false;
    }
    res.once('close', answered);
    handle(req, res);
  }
  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // Node enforces both timeouts only when it sweeps its connections, every 30 s by default:
      // a slow client would hold a socket up to 30 s past its timeout. Sweep at a quarter of the
      // shorter timeout (at most once a second), so the configured timeouts are the real ones.
      connectionsCheckingInterval: Math.max(
        25,
        Math.min(1_000, Math.floor(Math.min(headersTimeoutMs, requestTimeoutMs) / 4)),
      ),
      // Checked by `requireHost`, which answers in the API's error shape (Node's answer is empty).
      requireHostHeader: !contract,
    },
    admit,
  );
  server.keepAliveTimeout = config.inbound.keepAliveTimeoutMs;
  // Node hands the app only the first 2000 header fields and drops the rest unseen, though its
  // parser frames the request by all of them: a `Transfer-Encoding` past the 2000th went unseen by
  // every check (the size limit, 16 KiB, is what bounds the headers instead).
  server.maxHeadersCount = 0;
  // `Expect: 100-continue` is answered by the body-reading step, once the key, the budget, the
  // route and the declared size have passed (Node would send the 100 at once, and a caller refused
  // with a 401 or a 413 would have sent its body for nothing).
  // Node brings every Expect in which the word 100-continue appears here (`100-continue, foo`):
  // one that asks for more is answered as any other unknown expectation is, with a 417.
  server.on('checkContinue', (req, res) => {
    if (!otherExpectation(req)) {
      server.emit('request', req, res);
    } else if (!server.emit('checkExpectation', req, res)) {
      res.shouldKeepAlive = false;
      res.writeHead(417).end();
    }
  });
  if (contract) {
    answerMalformedRequests(server, contract, refusals);
  }
  // The open connections, for the shutdown to find the answers in flight on them.
  server.on('connection', (socket: Connection) => {
    socket[NEWEST] = null;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    server,
    url: baseUrl(config.host, port),
    async drain(timeoutMs, graceMs = 0) {
      closing = true;
      // The answers in flight too: answered with keep-alive, their connections would be closed
      // under clients that may already be sending their next request. On each connection the
      // newest only: the answers of requests pipelined before it are sent ahead of it, and Node
      // closes the connection after an answer that says so, never sending those queued behind.
      for (const socket of sockets) {
        const newest = socket[NEWEST];
        if (newest !== null && !newest.headersSent) {
          newest.shouldKeepAlive = false;
        }
      }
      if (graceMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, graceMs));
      }
      // One turn of the event loop first: a request whose bytes have arrived but not yet been
      // read (a busy process) is parsed in the poll phase and counted, instead of its connection
      // looking idle and being closed under it.
      await new Promise((resolve) => setImmediate(resolve));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const finished = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([finished, timeout]);
      clearTimeout(timer);
      await new Promise((resolve) => setImmediate(resolve));
      // Counted as the sockets close, not as the timer fires: one that finished in between was not lost.
      const cutOff = inFlight;
      server.closeAllConnections();
      await closed;
      return cutOff;
    },
  };
}
