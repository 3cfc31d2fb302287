import { fieldCount, violationDetail } from '@assetkit/contract';
import type { Principal } from '../auth/principal.js';
import type { ProxyConfig } from '../config.js';
import { HttpError } from '../errors.js';
import type { Step } from '../pipeline.js';

/**
 * Identifies the caller from `Authorization: Bearer …` (a proxy key, or in passthrough mode their
 * own token). It only records who is calling: refusing the unauthenticated happens after rate
 * limiting, so guessing keys is rate-limited too.
 *
 * @example
 * pipeline(startContext, [identifyCaller(createIdentifier(config.auth)), …]);
 */
export function identifyCaller(identify: (authorization: string | undefined) => Principal | null): Step {
  return function identifyFromHeader(req, _res, ctx) {
    // A singleton field (RFC 9110 §11.6.2), of which Node keeps the first: a valid key beside a
    // junk one would be let in or refused by their order alone.
    const sent = fieldCount(req.rawHeaders, 'authorization');
    if (sent > 1) {
      const repeated = violationDetail({
        location: 'header',
        pointer: '/authorization',
        schemaPath: '',
        keyword: 'repeatedHeader',
        message: `must be sent once: this request has ${sent}`,
      });
      throw new HttpError(
        400,
        'bad_request',
        `Send one Authorization header: this request has ${sent}, and which of them counts would be a guess`,
        { details: [repeated] },
      );
    }
    ctx.principal = identify(req.headers.authorization);
  };
}

/**
 * Refuses a request without a valid credential: 401 `not_authorized`, as Webflow answers.
 *
 * @example
 * pipeline(startContext, [identify, limit, requireCaller(), …]);
 */
export function requireCaller(mode: ProxyConfig['auth']['mode'] = 'keys'): Step {
  // In passthrough mode callers bring the upstream's own token, not a proxy key: any bearer token
  // is a caller (the upstream judges it), so only a missing one or another form gets here.
  const missing =
    mode === 'passthrough'
      ? 'Request not authorized: send Authorization: Bearer <your upstream API token>'
      : 'Request not authorized: send Authorization: Bearer <key>';
  const invalid =
    mode === 'passthrough'
      ? 'Request not authorized: the credential is not a bearer token; send Authorization: Bearer <your upstream API token>'
      : 'Request not authorized: the credential is not a valid key for this proxy';
  return function refuseUnknownCaller(req, _res, ctx) {
    if (ctx.principal) {
      return;
    }
    throw new HttpError(401, 'not_authorized', req.headers.authorization ? invalid : missing);
  };
}
