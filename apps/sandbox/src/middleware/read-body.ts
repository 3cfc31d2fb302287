import { BodyBytes, contentCodingProblem } from '@assetkit/contract';
import type { RequestHandler } from 'express';
import { apiState } from '../api/api-state.js';

/**
 * Reads the raw request body (up to `limitBytes`) into the API state without parsing it: the
 * contract core parses and validates it later, after auth and rate limiting. A body over the
 * limit is drained and dropped, and a compressed body is not inflated; both become a 400 at
 * validation time, so they are answered in Webflow's error shape like any other bad input.
 *
 * @example
 * router.use(readBody({ limitBytes: 1024 * 1024 }));
 */
export function readBody({ limitBytes }: { limitBytes: number }): RequestHandler {
  return function readRequestBody(req, res, next) {
    const state = apiState(res);
    const codingProblem = contentCodingProblem(req.headers['content-encoding']?.trim().toLowerCase());
    if (codingProblem) {
      state.bodyProblem = codingProblem;
    }
    // One buffer, not the pieces the body came in (see BodyBytes: a million one-byte chunks were
    // a million objects, about 100 MB of heap for a 1 MB body).
    let body = new BodyBytes<Buffer>(limitBytes, Buffer.allocUnsafe);
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        state.bodyProblem ??= `the request body is larger than ${limitBytes} bytes`;
        body = new BodyBytes<Buffer>(limitBytes, Buffer.allocUnsafe);
        return;
      }
      body.add(chunk);
    });
    req.once('end', () => {
      state.rawBody = state.bodyProblem ? Buffer.alloc(0) : (body.bytes() ?? Buffer.alloc(0));
      state.log.setBody(state.rawBody);
      next();
    });
    req.once('error', next);
  };
}
