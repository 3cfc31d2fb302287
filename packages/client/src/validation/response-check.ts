import type { Contract, Violation } from '@assetkit/contract';
import { AssetsError } from '../errors/assets-error.js';
import { AssetsResponseValidationError } from '../errors/response-validation-error.js';
import type { ResponseCheck } from '../transport/transport.js';

/**
 * What `validateResponses` accepts: `true`, or `{ strict: true }` to also report undocumented properties.
 *
 * @example
 * createAssetsClient({ baseUrl, token, validateResponses: { strict: true } });
 */
export type ValidateResponsesOption = boolean | { strict?: boolean };

/**
 * Loads the contract on first use: `@assetkit/contract` compiles ajv validators (~60 ms and its
 * share of a bundle), so a client that never validates never pays for it.
 */
function lazyContract(): () => Promise<Contract> {
  let loading: Promise<Contract> | undefined;
  return () => {
    loading ??= import('@assetkit/contract').then((module) => module.getContract('webflow-assets'));
    return loading;
  };
}

function parseBody(body: Uint8Array | null): unknown {
  if (body === null) {
    return undefined;
  }
  const text = new TextDecoder().decode(body);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The response check behind `validateResponses`: finds the operation with the contract's router
 * (from the full URL path, `/v2/...` or `/beta/...`) and validates status, headers, content type
 * and body. Success responses are checked in full. Error responses are checked when their status
 * is documented, so a gateway's undocumented 502/503 still surfaces as an `AssetsApiError`.
 *
 * @example
 * const check = createResponseCheck({ strict: false });
 * await check({ method: 'GET', url, response, body }); // throws AssetsResponseValidationError on drift
 */
export function createResponseCheck(options: { strict: boolean }): ResponseCheck {
  const contract = lazyContract();
  return async function checkResponse({ method, url, response, body }) {
    const { router, validateResponse } = await contract();
    const pathname = new URL(url).pathname;
    const route = router.match(method, pathname);
    if (route.kind !== 'match') {
      throw new AssetsError(
        `validateResponses: ${method} ${pathname} is no operation of the asset API; the contract matches full paths under /v2 or /beta, so baseUrl must be the API root (e.g. https://api.webflow.com/v2)`,
      );
    }
    const { operationId } = route.operation;
    const result = validateResponse({
      operationId,
      status: response.status,
      headers: response.headers,
      ...(body === null ? {} : { rawBody: body }),
      strict: options.strict,
      head: method.toUpperCase() === 'HEAD',
    });
    let violations: Violation[] = result.violations;
    if (!response.ok) {
      violations = violations.filter((v) => v.location !== 'response.status');
    }
    if (violations.length > 0) {
      throw new AssetsResponseValidationError({
        operationId,
        status: response.status,
        violations,
        body: parseBody(body),
      });
    }
  };
}
