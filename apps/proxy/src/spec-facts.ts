import type { Contract, OperationSpec } from '@assetkit/contract';

// What a configuration is checked against, as the API's contract says it.

/** Whether the API's spec asks callers for credentials at all (then the proxy needs a token). */
export function declaresSecurity(contract: Contract): boolean {
  return contract.operations.some((op) => op.security.some((requirement) => Object.keys(requirement).length > 0));
}

/**
 * A problem with an upstream URL that ends in one of the API's own base paths: callers' paths
 * already begin with it (`/v2/assets/…`) and are appended to the upstream URL as they come, so
 * `https://api.webflow.com/v2` would be asked for `/v2/v2/assets/…` and answer every call 404.
 */
export function repeatedBasePath(upstreamUrl: string, contract: Contract): string | undefined {
  const url = new URL(upstreamUrl);
  const path = url.pathname.replace(/\/+$/, '');
  const base = contract.router.basePaths.find((b) => b !== '' && path.endsWith(b));
  if (base === undefined) {
    return undefined;
  }
  // Quoted from its origin and path only: a user, password or query in it may be a secret (and
  // is a problem of its own).
  const shown = `${url.origin}${path}`;
  const fixed = `${url.origin}${path.slice(0, path.length - base.length)}`;
  return `UPSTREAM_URL must not end in ${base}: callers' paths already begin with it and are appended to UPSTREAM_URL as they come (${shown}${base}/… would be requested); use ${fixed}`;
}

const documentsRate = new WeakMap<OperationSpec, boolean>();

/**
 * Whether any documented answer of the operation carries `X-RateLimit-Limit` (Webflow's do,
 * Konifer's do not): where the spec promises the pair, its absence is the upstream's drift.
 */
export function documentsRateHeaders(operation: OperationSpec): boolean {
  let documents = documentsRate.get(operation);
  if (documents === undefined) {
    documents = operation.responses.some((r) => r.headers.some((h) => h.name === 'x-ratelimit-limit'));
    documentsRate.set(operation, documents);
  }
  return documents;
}
