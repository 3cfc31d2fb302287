import {
  type ApiName,
  basePathsOf,
  documents,
  getAtPointer,
  HTTP_METHODS,
  type OperationObject,
} from '@assetkit/contract';

// What a configuration is checked against, as the API's spec says it.

function operationsOf(api: ApiName): OperationObject[] {
  return Object.values(documents[api].paths ?? {}).flatMap((item) =>
    HTTP_METHODS.flatMap((m) => (item[m] ? [item[m]] : [])),
  );
}

/**
 * The pattern the spec gives the tenant (site) path parameter (`x-assetkit-tenant`), as a test of a
 * key's `sites`; `undefined` when the spec marks no tenant or gives it no pattern.
 */
export function tenantPattern(api: ApiName): RegExp | undefined {
  const document = documents[api];
  const resolve = (value: unknown): Record<string, unknown> | undefined => {
    const ref = (value as { $ref?: unknown } | undefined)?.$ref;
    const found = typeof ref === 'string' && ref.startsWith('#') ? getAtPointer(document, ref.slice(1)) : value;
    return found !== null && typeof found === 'object' ? (found as Record<string, unknown>) : undefined;
  };
  const parameters = [
    ...Object.values(document.components?.parameters ?? {}),
    ...Object.values(document.paths ?? {}).flatMap((item) => [
      ...(item.parameters ?? []),
      ...HTTP_METHODS.flatMap((m) => item[m]?.parameters ?? []),
    ]),
  ].map(resolve);
  const tenant = parameters.find((p) => p?.in === 'path' && p['x-assetkit-tenant'] !== undefined);
  const pattern = resolve(tenant?.schema)?.pattern;
  return typeof pattern === 'string' ? new RegExp(pattern, 'u') : undefined;
}

/**
 * The scopes the spec's operations ask for (`assets:read`, `assets:write`); empty when it asks for
 * none, and then a key's scopes are not checked against it.
 */
export function declaredScopes(api: ApiName): Set<string> {
  const requirements = [...(documents[api].security ?? []), ...operationsOf(api).flatMap((op) => op.security ?? [])];
  return new Set(requirements.flatMap((requirement) => Object.values(requirement).flat()));
}

/** Whether the API's spec asks callers for credentials at all (then the proxy needs a token). */
export function declaresSecurity(api: ApiName): boolean {
  const fallback = documents[api].security ?? [];
  return operationsOf(api).some((op) =>
    (op.security ?? fallback).some((requirement) => Object.keys(requirement).length > 0),
  );
}

/**
 * A problem with an upstream URL that ends in one of the API's own base paths: callers' paths
 * already begin with it (`/v2/assets/…`) and are appended to the upstream URL as they come, so
 * `https://api.webflow.com/v2` would be asked for `/v2/v2/assets/…` and answer every call 404.
 */
export function repeatedBasePath(upstreamUrl: string, api: ApiName): string | undefined {
  const path = new URL(upstreamUrl).pathname.replace(/\/+$/, '');
  const base = basePathsOf(documents[api]).find((b) => b.basePath !== '' && path.endsWith(b.basePath))?.basePath;
  if (base === undefined) {
    return undefined;
  }
  const origin = upstreamUrl.slice(0, upstreamUrl.length - base.length);
  return `UPSTREAM_URL must not end in ${base}: callers' paths already begin with it and are appended to UPSTREAM_URL as they come (${upstreamUrl}${base}/… would be requested); use ${origin}`;
}
