import type { IncomingMessage as Request } from 'node:http';
import { BodyBytes } from '@assetkit/contract';
import { HttpError } from '../errors.js';
import { awaitsContinue } from '../expect-continue.js';
import type { Step } from '../pipeline.js';

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'payload_too_large', `Request body is larger than the limit of ${limit} bytes`, {
    headers: { connection: 'close' },
  });
}

function collect(req: Request, limitBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const body = new BodyBytes<Buffer>(limitBytes, Buffer.allocUnsafe);
    const onData = (chunk: Buffer) => {
      if (body.size + chunk.length > limitBytes) {
        req.removeListener('data', onData);
        req.pause();
        reject(tooLarge(limitBytes));
        return;
      }
      body.add(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(body.bytes()));
    // 'aborted' (ECONNRESET): the caller left mid-body, which is not the proxy's fault nor worth
    // an error log with a stack; anything else is.
    req.once('error', (error: Error & { code?: string }) =>
      reject(
        error.code === 'ECONNRESET'
          ? new HttpError(499, 'client_closed_request', 'the caller went away while sending the body', {
              cause: error,
            })
          : error,
      ),
    );
  });
}

/**
 * Reads the raw request body (no parsing: it is validated as bytes and forwarded unchanged),
 * refusing a declared or actual size over the limit with 413 before reading it all, and sending
 * the `100 Continue` a caller that asked for one waits for.
 *
 * @example
 * pipeline(startContext, [identify, limit, authorise, resolve, readBody({ limitBytes: 1024 * 1024 }), …]);
 */
export function readBody({ limitBytes }: { limitBytes: number }): Step {
  return function readRawBody(req, res, ctx) {
    const declared = req.headers['content-length'];
    if (declared === undefined && req.headers['transfer-encoding'] === undefined) {
      return;
    }
    if (declared !== undefined && Number(declared) > limitBytes) {
      throw tooLarge(limitBytes);
    }
    // Node's parser insists a transfer coding ends in chunked but decodes nothing else: the body of
    // `gzip, chunked` would be read, checked and forwarded as if it were not compressed.
    const coding = req.headers['transfer-encoding'];
    if (coding !== undefined && coding.trim().toLowerCase() !== 'chunked') {
      throw new HttpError(
        501,
        'not_implemented',
        `Transfer-Encoding ${coding.slice(0, 60)} is not supported: send the body plainly (chunked at most)`,
        { headers: { connection: 'close' } },
      );
    }
    // Everything before this step has passed: now the caller may send the body it held back.
    if (awaitsContinue(req)) {
      res.writeContinue();
    }
    return collect(req, limitBytes).then((body) => {
      ctx.body = body;
    });
  };
}
