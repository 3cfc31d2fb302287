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
