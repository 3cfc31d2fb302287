import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Contract } from '@assetkit/contract';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  417: 'Expectation Failed',
  431: 'Request Header Fields Too Large',
};

/** What Node's HTTP parser refused, as the status and message the caller gets. */
function refusal(error: NodeJS.ErrnoException): [number, string] {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'Request header fields too large: the request line and headers exceed the size limit'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'Request timeout: the request headers or body did not arrive in time'];
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_TRANSFER_ENCODING':
    case 'HPE_INVALID_CONTENT_LENGTH':
      return [400, 'Malformed request: conflicting or invalid Content-Length / Transfer-Encoding'];
    default:
      return [400, `Malformed HTTP request (${error.code ?? 'parse error'})`];
  }
}

function write(
  socket: Duplex,
  contract: Pick<Contract, 'errorBody' | 'errorFormat'>,
  status: number,
  code: string,
  message: string,
) {
  const body = JSON.stringify(contract.errorBody({ code, message }));
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\ncontent-type: ${contract.errorFormat.mediaType}; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

function answer(
  res: ServerResponse,
  contract: Pick<Contract, 'errorBody' | 'errorFormat'>,
  status: number,
  code: string,
  message: string,
) {
  const body = JSON.stringify(contract.errorBody({ code, message }));
  res.shouldKeepAlive = false;
  res.writeHead(status, {
    'content-type': `${contract.errorFormat.mediaType}; charset=utf-8`,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * The app, behind HTTP/1.1's rule that a request names its `Host`. Node enforces that rule
 * itself with a bare, empty `400`; the server is created with `requireHostHeader: false` and
 * this answers in the API's error shape instead.
 *
 * @example
 * createServer({ requireHostHeader: false }, requireHost(app, contract));
 */
export function requireHost(
  app: RequestListener,
  contract: Pick<Contract, 'errorBody' | 'errorFormat'>,
): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.host === undefined && req.httpVersionMajor === 1 && req.httpVersionMinor === 1) {
      answer(res, contract, 400, 'bad_request', 'Malformed HTTP request: an HTTP/1.1 request must have a Host header');
      return;
    }
    app(req, res);
  };
}

/**
 * Answers requests that never reach the app in the API's own error shape instead of Node's bare
 * `400` (or a dropped socket): bytes HTTP cannot parse, conflicting `Content-Length` and
 * `Transfer-Encoding` (a request-smuggling attempt), headers over the size limit (431), headers
 * or a body that arrive too slowly (408), `CONNECT` (405: this is not a forward proxy), and an
 * `Expect` other than `100-continue` (417, which Node would send with an empty body). The
 * connection is closed after the answer: its framing cannot be trusted.
 *
 * @example
 * answerMalformedRequests(server, contract);
 */
export function answerMalformedRequests(server: Server, contract: Pick<Contract, 'errorBody' | 'errorFormat'>): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const started = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (error.code === 'ECONNRESET' || !socket.writable || started) {
      socket.destroy();
      return;
    }
    const [status, message] = refusal(error);
    write(socket, contract, status, status === 408 ? 'request_timeout' : 'bad_request', message);
  });
  server.on('connect', (_req, socket: Duplex) => {
    write(
      socket,
      contract,
      405,
      'method_not_allowed',
      'Method CONNECT is not allowed: this is an API proxy, not a tunnel',
    );
  });
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    answer(
      res,
      contract,
      417,
      'expectation_failed',
      `Expectation failed: only "Expect: 100-continue" is supported, got "${String(req.headers.expect).slice(0, 100)}"`,
    );
  });
}
