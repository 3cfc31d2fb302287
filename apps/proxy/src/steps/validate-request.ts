import type { Contract } from '@assetkit/contract';
import {
  essence,
  isJsonMediaType,
  startsWithByteOrderMark,
  summarizeViolations,
  violationDetail,
} from '@assetkit/contract';
import type { Logger } from 'pino';
import { HttpError } from '../errors.js';
import { countViolations, type ProxyMetrics } from '../metrics.js';
import type { Step } from '../pipeline.js';
import { asForwarded } from '../upstream/headers.js';

/**
 * A JSON body without the UTF-8 byte order mark it may start with (RFC 8259 §8.1 lets a reader
 * ignore it; some editors and shells write one). The validator reads past it, so it is left out of
 * what is forwarded too: the upstream then reads exactly the document that was checked, whatever
 * its parser makes of a BOM.
 */
function withoutByteOrderMark(body: Buffer, contentType: string | undefined): Buffer {
  return startsWithByteOrderMark(body) && isJsonMediaType(essence(contentType) ?? '') ? body.subarray(3) : body;
}

/**
 * Validates the request (path, query, headers, body) against the operation with the contract
 * core. An invalid request is answered here, never forwarded: 415 for a Content-Type the
 * operation does not accept, otherwise 400 `validation_error` listing every problem.
 *
 * @example
 * pipeline(startContext, [identify, limit, authorise, resolve, readBody(…), validateRequest({ contract, metrics, logger }), …]);
 */
export function validateRequest({
  contract,
  metrics,
  logger,
}: {
  contract: Contract;
  metrics: ProxyMetrics;
  logger: Logger;
}): Step {
  return function validate(req, _res, ctx) {
    const operation = ctx.operation;
    if (!operation) {
      throw new Error('validateRequest needs the operation resolved first');
    }
    // Validated as sent (the validator reads past one byte order mark, and a second one is then
    // text before the document, which is not JSON), forwarded without the mark.
    const result = contract.validateRequest({
      method: ctx.method,
      path: ctx.path,
      query: ctx.query,
      // As forwarded: a header the Connection header lists is dropped, so it must not pass validation.
      headers: asForwarded(req.headers),
      ...(ctx.body === undefined ? {} : { rawBody: ctx.body }),
    });
    if (result.valid) {
      if (ctx.body !== undefined) {
        ctx.body = withoutByteOrderMark(ctx.body, req.headers['content-type']);
      }
      return;
    }
    ctx.requestViolations = countViolations(metrics, operation.operationId, 'request', result.violations);
    logger.debug(
      { reqId: ctx.requestId, operation: operation.operationId, violations: result.violations },
      'request rejected',
    );
    const details = result.violations.map(violationDetail);
    if (result.violations.some((v) => v.keyword === 'contentType')) {
      throw new HttpError(
        415,
        'unsupported_media_type',
        `Unsupported Media Type: ${summarizeViolations(result.violations, 3)}`,
        { details },
      );
    }
    throw new HttpError(400, 'validation_error', `Validation Error: ${summarizeViolations(result.violations, 3)}`, {
      details,
    });
  };
}
