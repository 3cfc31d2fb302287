import type { IncomingMessage } from 'node:http';
import { listMembers } from './header-list.js';

/** The members of a request's `Expect`, lower-cased (Node joins a repeated field with ", "). */
function expectations(req: Pick<IncomingMessage, 'headers'>): string[] {
  return listMembers(req.headers.expect);
}

/**
 * Whether the caller holds its body back until it gets `100 Continue`: an HTTP/1.1 request whose
 * `Expect` is `100-continue`, however often it is repeated. An HTTP/1.0 request's expectation is
 * ignored (RFC 9110 §10.1.1): an HTTP/1.0 client knows no interim answers and would read the 100
 * as the answer to its request.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.1.1
 * @example
 * if (awaitsContinue(req)) res.writeContinue();
 */
export function awaitsContinue(
  req: Pick<IncomingMessage, 'headers' | 'httpVersionMajor' | 'httpVersionMinor'>,
): boolean {
  return req.httpVersionMajor === 1 && req.httpVersionMinor >= 1 && expectations(req).includes('100-continue');
}

/**
 * Whether the request's `Expect` names an expectation other than `100-continue`, which the proxy
 * cannot meet (RFC 9110 §10.1.1: a 417). Node hands every `Expect` in which the word
 * `100-continue` appears (`100-continue, foo`) to `checkContinue`, and answers only the others
 * with its 417.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.1.1
 * @example
 * server.on('checkContinue', (req, res) => server.emit(otherExpectation(req) ? 'checkExpectation' : 'request', req, res));
 */
export function otherExpectation(req: Pick<IncomingMessage, 'headers'>): boolean {
  return expectations(req).some((member) => member !== '100-continue');
}
