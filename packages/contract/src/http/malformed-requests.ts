import type { Contract } from '../contract.js';
import { fieldCount } from './field-count.js';

// Node's HTTP objects are described below by the parts this module uses instead of imported from
// `node:http`: this package builds without Node's types (`types: []`, as the browser-safe client
// does), and Node's `Server`, `IncomingMessage`, `ServerResponse` and sockets fit these shapes.

/** What this module reads of a request Node parsed (an `IncomingMessage`). */
export interface ParsedRequest {
  readonly headers: {
    readonly host?: string | undefined;
    readonly expect?: string | undefined;
    readonly 'transfer-encoding'?: string | undefined;
    readonly 'x-request-id'?: string | string[] | undefined;
  };
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  /** Names and values as they came, alternating (Node keeps only the first of two `Host`s in `headers`). */
  readonly rawHeaders?: readonly string[];
  readonly httpVersionMajor: number;
  readonly httpVersionMinor: number;
}

/** What this module uses of the response to a parsed request (a `ServerResponse`). */
export interface PlainResponse {
  shouldKeepAlive: boolean;
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  end(body: string): unknown;
}

/** A connection whose bytes did not make a request Node could hand to the app. */
interface RawSocket {
  readonly writable: boolean;
  end(data: string): unknown;
  destroy(): unknown;
}

/** The response the app is making on a connection (Node's `socket._httpMessage`), as read here. */
interface AppResponse {
  readonly headersSent?: boolean;
  /** The request it answers: `complete` once its whole body has arrived. */
  readonly req?: { readonly complete?: boolean };
  once(event: 'close', listener: () => void): unknown;
}

/**
 * What Node's parser refused, as its `clientError` reports it: the error code, the bytes it was
 * reading (`rawPacket`) and how many of them it had read when it stopped (`bytesParsed`).
 */
type ParserError = Error & { code?: string; rawPacket?: Uint8Array; bytesParsed?: number };

/** The events of Node's `http.Server` this module answers. */
export interface HttpServerEvents {
  on(event: 'clientError', listener: (error: ParserError, socket: RawSocket) => void): unknown;
  on(event: 'connect', listener: (req: ParsedRequest, socket: RawSocket) => void): unknown;
  on(event: 'checkExpectation', listener: (req: ParsedRequest, res: PlainResponse) => void): unknown;
}

/** The part of a {@link Contract} that shapes an error. */
export type ErrorShape = Pick<Contract, 'errorBody' | 'errorFormat'>;

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  417: 'Expectation Failed',
  431: 'Request Header Fields Too Large',
  505: 'HTTP Version Not Supported',
};

/** An answer the server makes before (or instead of) the app: status, API error code, message. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  /**
   * The caller closed its side of the connection before the request was whole: the answer is
   * written for a caller that only half-closed, but most have gone and will not read it.
   */
  callerEnded?: boolean;
}

/** A refusal as it was sent, for the server's log and metrics. */
export interface RefusalRecord extends Refusal {
  /** The `X-Request-Id` the answer carried, when the server gives ids. */
  requestId: string | undefined;
  /** The request's method and target, when Node parsed that far (not for bytes it could not parse). */
  method: string | undefined;
  path: string | undefined;
}

/** How a server records the answers it makes before its app. */
export interface RefusalOptions {
  /**
   * A new request id, sent as `X-Request-Id` on every such answer (a parsed request's own
   * well-formed `X-Request-Id` is echoed instead, as the app would).
   */
  requestId?: () => string;
  /** Called once per answer sent, e.g. to log it and count it. */
  onRefusal?: (refusal: RefusalRecord) => void;
  /**
   * Called instead of `onRefusal` when the request had reached the app (its body broke off or
   * went bad, or came too slowly) and Node answers it: `response` is the app's response to that
   * request, which will close unsent. The app records the answer with its own line; what this
   * returns (its request id) is the answer's `X-Request-Id`.
   */
  onRefusalInApp?: (response: object, refusal: Refusal) => string | undefined;
}

/** A caller's `X-Request-Id` the server may echo: the same rule as the app's. */
export const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

function idFor(options: RefusalOptions, req?: ParsedRequest): string | undefined {
  const offered = req?.headers['x-request-id'];
  if (typeof offered === 'string' && ACCEPTABLE_REQUEST_ID.test(offered)) {
    return offered;
  }
  return options.requestId?.();
}

const CR = 13;
const LF = 10;

/**
 * The HTTP version of a request line Node's parser refused though it is well formed (`HTTP/1.2`,
 * `HTTP/3.0`, RFC 9112 §2.3: `HTTP/` DIGIT "." DIGIT): it takes 1.0 and 1.1 only (and 0.9 and 2.0,
 * which `requireHost` answers), and stops right after such a version's last digit. A version
 * written otherwise (`HTTP/1.10`, `HTTP/1.2 `) is malformed instead, as is one whose bytes came in
 * two packets (the first is gone by then; rare, as a request line comes in one).
 */
function refusedVersion({ code, rawPacket: bytes, bytesParsed: end }: ParserError): string | undefined {
  if (code !== 'HPE_INVALID_VERSION' || bytes === undefined || end === undefined || end < 8) {
    return undefined;
  }
  const version = String.fromCharCode(...bytes.subarray(end - 8, end));
  const next = bytes[end];
  return /^HTTP\/\d\.\d$/.test(version) && (next === undefined || next === CR || next === LF) ? version : undefined;
}

/**
 * The answer to a request line in a version other than HTTP/1.0 or 1.1, whether Node's parser
 * refused it (`HTTP/1.2`) or took it (`HTTP/2.0`). RFC 9110 §2.5 would have a 1.2 request served
 * as 1.1, but the parser has already refused it: 505 says what the caller can do about it, where a
 * 400 would call the request malformed.
 */
function unsupportedVersion(version: string): Refusal {
  return { status: 505, code: 'http_version_not_supported', message: `${version} is not supported: use HTTP/1.1` };
}

/** What Node's HTTP parser refused, as the answer the caller gets. */
function parserRefusal(error: ParserError): Refusal {
  const version = refusedVersion(error);
  if (version !== undefined) {
    return unsupportedVersion(version);
  }
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
    case 'HPE_INVALID_EOF_STATE':
      return {
        status: 400,
        code: 'bad_request',
        message: 'Malformed request: the connection was closed before the whole request arrived',
        callerEnded: true,
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

/**
 * What an answer made before the app is written with (its body, type, length and request id),
 * and `report()` to call once it is sent. `req` is there when Node parsed the request.
 */
function payload(contract: ErrorShape, refusal: Refusal, options: RefusalOptions, req?: ParsedRequest) {
  const body = JSON.stringify(contract.errorBody({ code: refusal.code, message: refusal.message }));
  const requestId = idFor(options, req);
  return {
    body,
    type: `${contract.errorFormat.mediaType}; charset=utf-8`,
    length: new TextEncoder().encode(body).byteLength,
    requestId,
    report: () => options.onRefusal?.({ ...refusal, requestId, method: req?.method, path: withoutUserinfo(req?.url) }),
  };
}

/**
 * On a raw socket, whose HTTP framing cannot be trusted: then the connection is closed. `req` is
 * there when Node parsed the request (`CONNECT`), not for bytes it could not parse.
 */
function write(
  socket: RawSocket,
  contract: ErrorShape,
  refusal: Refusal,
  options: RefusalOptions,
  req?: ParsedRequest,
) {
  const { body, type, length, requestId, report } = payload(contract, refusal, options, req);
  socket.end(
    `HTTP/1.1 ${refusal.status} ${REASONS[refusal.status]}\r\ncontent-type: ${type}\r\n` +
      `content-length: ${length}\r\n${requestId === undefined ? '' : `x-request-id: ${requestId}\r\n`}` +
      `connection: close\r\n\r\n${body}`,
  );
  report();
}

/** Through Node's response, for a request Node parsed; the connection is closed afterwards too. */
function answer(
  res: PlainResponse,
  contract: ErrorShape,
  refusal: Refusal,
  options: RefusalOptions,
  req: ParsedRequest,
) {
  const { body, type, length, requestId, report } = payload(contract, refusal, options, req);
  res.shouldKeepAlive = false;
  res.writeHead(refusal.status, {
    'content-type': type,
    'content-length': length,
    ...(requestId === undefined ? {} : { 'x-request-id': requestId }),
  });
  res.end(body);
  report();
}

/** `host [":" port]` (RFC 3986 §3.2.2–3.2.3): an IP literal in brackets or a reg-name, never empty. */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~%!$&'()*+,;=]+)(?::\d*)?$/;

/** Why a request's `Host` makes it malformed, or `undefined` when it is fine. */
function hostProblem(req: ParsedRequest): string | undefined {
  const host = req.headers.host;
  if (host === undefined) {
    return req.httpVersionMajor === 1 && req.httpVersionMinor === 1
      ? 'an HTTP/1.1 request must have a Host header'
      : undefined;
  }
  if (fieldCount(req.rawHeaders, 'host') > 1) {
    return 'a request must have one Host header, not several';
  }
  return HOST.test(host) ? undefined : 'the Host header must be a host name or address, with an optional port';
}

/**
 * Why a request's framing cannot be trusted though Node read it, or `undefined`: an HTTP/1.0
 * request with `Transfer-Encoding`, which HTTP/1.0 does not have. A 1.0 intermediary in front
 * reads such a body by its `Content-Length` or up to the connection's end, not by its chunks, so
 * the bytes after it may be a request it never saw (RFC 9112 §6.1: the framing is faulty).
 */
function framingProblem(req: ParsedRequest): string | undefined {
  return req.httpVersionMinor === 0 && req.headers['transfer-encoding'] !== undefined
    ? 'an HTTP/1.0 request must not have a Transfer-Encoding (HTTP/1.0 has none): send Content-Length, or use HTTP/1.1'
    : undefined;
}

/** A request target in absolute form (`http://host:port/path?query`): userinfo, authority, the rest. */
const ABSOLUTE_FORM = /^https?:\/\/(?:([^/?#@]*)@)?([^/?#]*)(.*)$/i;

/** A request target as a log may hold it: without the user and password an absolute form may carry. */
function withoutUserinfo(url: string | undefined): string | undefined {
  return url?.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#@]*@/, '$1');
}

/**
 * Turns a request target in absolute form into the origin form the app routes on, taking the
 * target's authority as the `Host` (RFC 9112 §3.2.2: a server must accept it, and the target's
 * host wins over the `Host` header). Sent by clients that were told to use this as an HTTP proxy.
 */
function toOriginForm(req: ParsedRequest): string | undefined {
  const match = req.url === undefined ? null : ABSOLUTE_FORM.exec(req.url);
  if (!match) {
    return undefined;
  }
  const [, userinfo, authority = '', rest = ''] = match;
  // RFC 9110 §4.2.4: userinfo in an http(s) URI is an error (it is how credentials leak into logs).
  if (userinfo !== undefined) {
    return 'a request target must not hold a user name or password';
  }
  if (authority !== '' && !HOST.test(authority)) {
    return "the request target's host must be a host name or address, with an optional port";
  }
  const mutable = req as { url?: string; headers: { host?: string } };
  mutable.url = rest.startsWith('/') ? rest : `/${rest}`;
  if (authority !== '') {
    mutable.headers.host = authority;
  }
  return undefined;
}

/**
 * The app, behind HTTP/1.1's rules on `Host`: exactly one, holding a host and an optional port
 * (and no `Transfer-Encoding` in an HTTP/1.0 request, whose framing would be faulty).
 * Node enforces only its presence, itself, with a bare, empty `400`; the server is created with
 * `requireHostHeader: false` and this answers every case in the API's error shape instead. A
 * request target in absolute form (`GET http://host/v2/… HTTP/1.1`) reaches the app in origin form.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9112#section-3.2 (a request without Host, with several, or with an invalid one gets a 400)
 * @see https://www.rfc-editor.org/rfc/rfc9112#section-6.1 (Transfer-Encoding in an HTTP/1.0 message: faulty framing)
 * @example
 * createServer({ requireHostHeader: false }, requireHost(app, contract));
 */
export function requireHost<Req extends ParsedRequest, Res extends PlainResponse>(
  app: (req: Req, res: Res) => void,
  contract: ErrorShape,
  options: RefusalOptions = {},
): (req: Req, res: Res) => void {
  return (req: Req, res: Res) => {
    if (req.httpVersionMajor !== 1) {
      // Node's parser takes `HTTP/2.0` (or 3.0) in a request line and would serve it as 1.1.
      answer(res, contract, unsupportedVersion(`HTTP/${req.httpVersionMajor}.${req.httpVersionMinor}`), options, req);
      return;
    }
    const problem = hostProblem(req) ?? framingProblem(req) ?? toOriginForm(req);
    if (problem !== undefined) {
      answer(
        res,
        contract,
        { status: 400, code: 'bad_request', message: `Malformed HTTP request: ${problem}` },
        options,
        req,
      );
      return;
    }
    app(req, res);
  };
}

/**
 * Answers requests that never reach the app in the API's own error shape instead of Node's bare
 * `400` (or a dropped socket): bytes HTTP cannot parse, conflicting `Content-Length` and
 * `Transfer-Encoding` (a request-smuggling attempt), headers over the size limit (431), headers
 * or a body that arrive too slowly (408), `CONNECT` (405: this is not a forward proxy), a
 * well-formed HTTP version Node does not serve (505 for `HTTP/1.2`, `HTTP/3.0`), and an
 * `Expect` other than `100-continue` (417, which Node would send with an empty body). The
 * connection is closed after the answer: its framing cannot be trusted. With `options`, each
 * answer carries a request id and is reported, so the server can log and count it like the rest.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9112#section-6.3 (conflicting framing)
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.1.1 (an unknown Expect gets a 417)
 * @example
 * answerMalformedRequests(server, contract);
 */
export function answerMalformedRequests(
  server: HttpServerEvents,
  contract: ErrorShape,
  options: RefusalOptions = {},
): void {
  server.on('clientError', (error, socket) => {
    const inApp = (socket as RawSocket & { _httpMessage?: AppResponse | null })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inApp?.headersSent) {
      socket.destroy();
      return;
    }
    const refusal = parserRefusal(error);
    if (inApp?.req?.complete) {
      // The app's request arrived whole: these bytes began the next one on the connection. Its
      // answer is its own (an id, a report) and waits for the app's ('close' comes once that is
      // done, sent or not), so the caller reads the two in order and does not take the 400 for the
      // answer to the request the app is handling.
      inApp.once('close', () => {
        if (socket.writable) {
          write(socket, contract, refusal, options);
        } else {
          socket.destroy();
        }
      });
      return;
    }
    // A request the app is already answering (its body broke off or went bad): the app records
    // it, under its own id, so this answer carries that id and is not reported a second time.
    if (inApp) {
      const requestId = options.onRefusalInApp?.(inApp as object, refusal);
      write(socket, contract, refusal, requestId === undefined ? {} : { requestId: () => requestId });
      return;
    }
    write(socket, contract, refusal, options);
  });
  server.on('connect', (req, socket) => {
    write(
      socket,
      contract,
      {
        status: 405,
        code: 'method_not_allowed',
        message: 'Method CONNECT is not allowed: this is an HTTP API, not a tunnel',
      },
      options,
      req,
    );
  });
  server.on('checkExpectation', (req, res) => {
    answer(
      res,
      contract,
      {
        status: 417,
        code: 'expectation_failed',
        message: `Expectation failed: only "Expect: 100-continue" is supported, got "${String(req.headers.expect).slice(0, 100)}"`,
      },
      options,
      req,
    );
  });
}
