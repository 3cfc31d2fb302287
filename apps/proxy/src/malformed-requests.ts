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

/** An answer the proxy makes before (or instead of) the app: status, API error code, message. */
interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** What Node's HTTP parser refused, as the answer the caller gets. */
function parserRefusal(error: NodeJS.ErrnoException): Refusal {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'bad_request',
        message: 'Request header fields too large: the request line and headers exceed the size limit',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        code: 'request_timeout',
        message: 'Request timeout: the request headers or body did not arrive in time',
      };
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_TRANSFER_ENCODING':
    case 'HPE_INVALID_CONTENT_LENGTH':
      return {
        status: 400,
        code: 'bad_request',
        message: 'Malformed request: conflicting or invalid Content-Length / Transfer-Encoding',
      };
    default:
      return { status: 400, code: 'bad_request', message: `Malformed HTTP request (${error.code ?? 'parse error'})` };
  }
}

type ErrorShape = Pick<Contract, 'errorBody' | 'errorFormat'>;

function payload(contract: ErrorShape, { code, message }: Refusal) {
  const body = JSON.stringify(contract.errorBody({ code, message }));
  return { body, type: `${contract.errorFormat.mediaType}; charset=utf-8`, length: Buffer.byteLength(body) };
}

/** On a raw socket, whose HTTP framing cannot be trusted: then the connection is closed. */
function write(socket: Duplex, contract: ErrorShape, refusal: Refusal) {
  const { body, type, length } = payload(contract, refusal);
  socket.end(
    `HTTP/1.1 ${refusal.status} ${REASONS[refusal.status]}\r\ncontent-type: ${type}\r\n` +
      `content-length: ${length}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Through Node's response, for a request Node parsed; the connection is closed afterwards too. */
function answer(res: ServerResponse, contract: ErrorShape, refusal: Refusal) {
  const { body, type, length } = payload(contract, refusal);
  res.shouldKeepAlive = false;
  res.writeHead(refusal.status, { 'content-type': type, 'content-length': length });
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
export function requireHost(app: RequestListener, contract: ErrorShape): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.host === undefined && req.httpVersionMajor === 1 && req.httpVersionMinor === 1) {
      answer(res, contract, {
        status: 400,
        code: 'bad_request',
        message: 'Malformed HTTP request: an HTTP/1.1 request must have a Host header',
      });
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
export function answerMalformedRequests(server: Server, contract: ErrorShape): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const started = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (error.code === 'ECONNRESET' || !socket.writable || started) {
      socket.destroy();
      return;
    }
    write(socket, contract, parserRefusal(error));
  });
  server.on('connect', (_req, socket: Duplex) => {
    write(socket, contract, {
      status: 405,
      code: 'method_not_allowed',
      message: 'Method CONNECT is not allowed: this is an API proxy, not a tunnel',
    });
  });
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    answer(res, contract, {
      status: 417,
      code: 'expectation_failed',
      message: `Expectation failed: only "Expect: 100-continue" is supported, got "${String(req.headers.expect).slice(0, 100)}"`,
    });
  });
}
