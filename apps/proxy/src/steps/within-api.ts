/**
 * Whether a request URL is under one of the spec's server base paths (`/v2/…`, `/beta/…`), the
 * only paths the API pipeline handles; the rest go to the operations endpoints or a 404.
 *
 * @example
 * const isApi = apiPathTest(['/beta', '/v2']);
 * isApi('/v2/assets/abc'); // true
 * isApi('/healthz'); // false
 */
export function apiPathTest(basePaths: readonly string[]): (url: string) => boolean {
  // A spec served at the root ('' base path) owns every path.
  const prefixes = basePaths.map((base) => `${base}/`);
  return (url) => prefixes.some((prefix) => url.startsWith(prefix));
}
