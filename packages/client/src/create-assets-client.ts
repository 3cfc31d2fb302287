import createClient from 'openapi-fetch';
import type { AssetsPaths } from './api-types.js';
import { checkOptions } from './options/check-options.js';
import { type AssetsResource, createAssetsResource } from './resources/assets.js';
import { createFoldersResource, type FoldersResource } from './resources/folders.js';
import { type RetryOptions, resolveRetryOptions } from './retry/retry-options.js';
import type { StrictClient } from './strict-client.js';
import { createTransport, type FetchLike } from './transport/transport.js';
import { createResponseCheck, type ValidateResponsesOption } from './validation/response-check.js';

/**
 * Options of {@link createAssetsClient}.
 *
 * @example
 * const options: AssetsClientOptions = { baseUrl: 'https://api.webflow.com/v2', token: process.env.WEBFLOW_TOKEN ?? '' };
 */
export interface AssetsClientOptions {
  /** The API root including the version prefix: `https://api.webflow.com/v2`, a sandbox's or a proxy's `/v2`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` to the API (never to the upload storage). */
  token: string;
  /** The `fetch` to use (default: the global one). Tests and custom agents inject theirs here. */
  fetch?: FetchLike;
  /** Retry policy, or `false` for none. See {@link RetryOptions} for the defaults. */
  retry?: RetryOptions | false;
  /**
   * Timeout of each attempt (headers and body), in ms; default 60 000 like the official SDK, 0 = none.
   * At most 2 147 483 647 (2^31 − 1, the longest delay `setTimeout` takes).
   */
  timeoutMs?: number;
  /**
   * Check every response against the OpenAPI contract and throw `AssetsResponseValidationError`
   * on drift (default off; turn it on in development and tests). `{ strict: true }` also reports
   * undocumented properties. Loads `@assetkit/contract` (ajv) on first use only.
   */
  validateResponses?: ValidateResponsesOption;
}

/**
 * The client: the raw typed openapi-fetch client (`GET`, `POST`, `PATCH`, `DELETE`, `use`, …,
 * returning `{ data, error, response }`, with stricter `init` types, see {@link StrictClient}) plus
 * the resource API (`assets`, `folders`) that returns data and throws typed errors. Both share auth,
 * retries, timeouts and validation.
 *
 * @example
 * const { data, error } = await client.GET('/assets/{asset_id}', { params: { path: { asset_id } } });
 * const asset = await client.assets.get(asset_id);
 */
export type AssetsClient = StrictClient<AssetsPaths> & {
  readonly assets: AssetsResource;
  readonly folders: FoldersResource;
};

/**
 * Creates a typed client for Webflow's asset API (or anything that speaks it: the assetkit
 * sandbox, the assetkit proxy). Throws before anything is sent for an option it does not take
 * (naming it, with the name it most likely meant) or a value it cannot use.
 *
 * @example
 * import { createAssetsClient } from '@assetkit/client';
 *
 * const client = createAssetsClient({ baseUrl: 'https://api.webflow.com/v2', token });
 * for await (const asset of client.assets.iterate(siteId)) console.log(asset.displayName);
 */
export function createAssetsClient(options: AssetsClientOptions): AssetsClient {
  checkOptions(options);
  const { baseUrl, token, fetch: baseFetch, retry, timeoutMs = 60_000, validateResponses = false } = options;
  const check = validateResponses
    ? createResponseCheck({ strict: typeof validateResponses === 'object' && validateResponses.strict === true })
    : undefined;
  const transport = createTransport({
    // Called through globalThis at request time: an unbound `fetch` throws "Illegal invocation" in browsers.
    fetch: baseFetch ?? ((request) => globalThis.fetch(request)),
    retry: resolveRetryOptions(retry),
    timeoutMs,
    check,
  });
  // The same runtime object, typed so that a misspelt body or query field is a compile error
  // (generic signatures are not mutually assignable, hence the cast through unknown).
  const raw = createClient<AssetsPaths>({
    baseUrl,
    fetch: (request) => transport.send(request),
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
  }) as unknown as StrictClient<AssetsPaths>;
  return { ...raw, assets: createAssetsResource(raw, transport), folders: createFoldersResource(raw, transport) };
}
