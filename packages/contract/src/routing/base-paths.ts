import type { OpenApiDocument, ServerObject } from '../openapi-document.js';

/** A server and the path prefix its URL gives operation paths. */
export interface BasePath {
  basePath: string;
  server: ServerObject | undefined;
}

function pathOf(server: ServerObject): string {
  const withDefaults = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const variables = server.variables as Record<string, { default?: string }> | undefined;
    return variables?.[name]?.default ?? '';
  });
  const pathname = /^[a-z][a-z0-9+.-]*:\/\//i.test(withDefaults) ? new URL(withDefaults).pathname : withDefaults;
  return pathname.replace(/\/+$/, '');
}

/**
 * The base paths of a document's servers (`https://api.webflow.com/v2` → `/v2`), longest first so
 * `/v2/beta` would win over `/v2`. A document without servers is served at the root.
 *
 * @see https://spec.openapis.org/oas/v3.1.0#server-object
 * @example
 * basePathsOf(document).map((b) => b.basePath); // ['/beta', '/v2']
 */
export function basePathsOf(document: OpenApiDocument): BasePath[] {
  const servers = document.servers ?? [];
  if (servers.length === 0) {
    return [{ basePath: '', server: undefined }];
  }
  const seen = new Map<string, BasePath>();
  for (const server of servers) {
    const basePath = pathOf(server);
    if (!seen.has(basePath)) {
      seen.set(basePath, { basePath, server });
    }
  }
  return [...seen.values()].sort((a, b) => b.basePath.length - a.basePath.length);
}
