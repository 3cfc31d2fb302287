import type { RouteResult } from '@assetkit/contract';

/**
 * The query parameters a validated request gave under an alias of its server (`/beta`'s `locale`
 * for `localeId`, `x-assetkit-query-aliases` in the spec): canonical name → the name sent. The
 * contract core hands them over under the canonical name; an error the sandbox raises about one
 * must name what the caller wrote, as the core's own violations already do.
 *
 * @see ../../../../openapi/webflow-assets.yaml (`servers`)
 * @example
 * aliasedQueryNames(route, 'locale=65f0a1b2c3d4e5f6a7b8c9e2'); // under /beta: { localeId: 'locale' }
 */
export function aliasedQueryNames(route: RouteResult, rawQuery: string): Record<string, string> {
  const aliases = route.kind === 'match' ? route.server?.['x-assetkit-query-aliases'] : undefined;
  const names: Record<string, string> = {};
  if (!aliases) {
    return names;
  }
  // After validation an alias is present only where the core renamed it: sent alone, for a
  // parameter the operation documents (beside its canonical name it was a 400 naming both; for an
  // operation without the parameter, a 400 for an unknown parameter).
  const sent = new Set(new URLSearchParams(rawQuery).keys());
  for (const [alias, canonical] of Object.entries(aliases)) {
    if (sent.has(alias) && !sent.has(canonical)) {
      names[canonical] = alias;
    }
  }
  return names;
}
