// Imports nothing, on purpose: `config.ts` checks `BENCH_ENDPOINTS` against these names before any
// suite starts, and loads this module for it.

/** The site and asset every benchmark request names (the static upstream answers any). */
export const SITE_ID = '63938b302ea6b0aa6f3d8745';
export const ASSET_ID = '580e63fc8c9a982ac9b80001';

/** The requests each benchmark sends (paths without the server prefix), by endpoint name. */
export const REQUESTS = {
  'get-asset': { method: 'GET', path: `/assets/${ASSET_ID}` },
  'list-assets (100 items)': { method: 'GET', path: `/sites/${SITE_ID}/assets?limit=100` },
  'patch-asset': {
    method: 'PATCH',
    path: `/assets/${ASSET_ID}`,
    body: JSON.stringify({ displayName: 'renamed', altText: 'A renamed photo' }),
  },
} as const;

/** An endpoint the proxy suite loads: what `BENCH_ENDPOINTS` prefixes select from. */
export type EndpointName = keyof typeof REQUESTS;

/**
 * Every endpoint's name, in the order the suite runs them.
 *
 * @example
 * ENDPOINT_NAMES.filter((name) => name.startsWith('list')); // ['list-assets (100 items)']
 */
export const ENDPOINT_NAMES = Object.keys(REQUESTS) as EndpointName[];
