import { payloads } from '../suites/contract-validation.js';

/** The canned, spec-valid answers of the static upstream, as bytes, by request shape. */
export interface CannedResponse {
  status: number;
  body: Buffer;
}

const headers = {
  'content-type': 'application/json; charset=utf-8',
  'x-ratelimit-limit': '100000',
  'x-ratelimit-remaining': '99999',
};

/** Answers for get-asset, list-assets (100 items) and patch-asset. */
export function cannedResponses(): {
  get: CannedResponse;
  list: CannedResponse;
  patch: CannedResponse;
  headers: Record<string, string>;
} {
  const { list, single } = payloads();
  return {
    get: { status: 200, body: Buffer.from(JSON.stringify(single)) },
    list: { status: 200, body: Buffer.from(JSON.stringify(list)) },
    patch: { status: 200, body: Buffer.from(JSON.stringify({ ...single, displayName: 'renamed' })) },
    headers,
  };
}

/** The requests each benchmark sends (paths without the server prefix). */
export const SITE_ID = '63938b302ea6b0aa6f3d8745';
export const ASSET_ID = '580e63fc8c9a982ac9b80001';
export const REQUESTS = {
  'get-asset': { method: 'GET', path: `/assets/${ASSET_ID}` },
  'list-assets (100 items)': { method: 'GET', path: `/sites/${SITE_ID}/assets?limit=100` },
  'patch-asset': {
    method: 'PATCH',
    path: `/assets/${ASSET_ID}`,
    body: JSON.stringify({ displayName: 'renamed', altText: 'A renamed photo' }),
  },
} as const;
