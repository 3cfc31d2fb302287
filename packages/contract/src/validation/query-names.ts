import { joinPointer, splitPointer } from '../json-pointer.js';
import type { ServerObject } from '../openapi-document.js';
import type { CompiledOperation } from './compile-operation.js';
import type { Violation } from './violation.js';

/** The server a request was routed under, and its pointer in the spec (`#/servers/1`). */
export interface RoutedServer {
  server: ServerObject;
  pointer: string;
}

const NO_ALIASES = { renamed: new Map<string, string>() as ReadonlyMap<string, string>, conflicts: [] } as const;

/**
 * Renames a server's query aliases (`/beta`'s `locale` for `localeId`) to the names the operation
 * documents, only where it documents them. An alias sent beside the name it stands for is one
 * parameter given twice: it is taken out and reported, naming both, whatever the two values (as
 * `limit=10&limit=10` is refused: the proxy forwards both names, and which one an upstream reads
 * is its own choice). Mutates `query`.
 *
 * @example
 * applyAliases({ locale: 'x' }, routed, operation); // query → { localeId: 'x' }; renamed Map { localeId → locale }
 */
export function applyAliases(
  query: Record<string, unknown>,
  routed: RoutedServer | undefined,
  operation: CompiledOperation,
): { renamed: ReadonlyMap<string, string>; conflicts: readonly Violation[] } {
  const aliases = routed?.server['x-assetkit-query-aliases'];
  if (!routed || !aliases) {
    return NO_ALIASES;
  }
  const renamed = new Map<string, string>();
  const conflicts: Violation[] = [];
  for (const [alias, canonical] of Object.entries(aliases)) {
    const documented = operation.request.parameters.some((p) => p.in === 'query' && p.name === canonical);
    if (!documented || !Object.hasOwn(query, alias)) {
      continue;
    }
    const value = query[alias];
    delete query[alias];
    if (Object.hasOwn(query, canonical)) {
      conflicts.push({
        location: 'query',
        pointer: joinPointer('', alias),
        schemaPath: joinPointer(`${routed.pointer}/x-assetkit-query-aliases`, alias),
        keyword: 'alias',
        message: `is another name for ${JSON.stringify(canonical)} here; send ${JSON.stringify(alias)} or ${JSON.stringify(canonical)}, not both`,
      });
      continue;
    }
    query[canonical] = value;
    renamed.set(canonical, alias);
  }
  return { renamed, conflicts };
}

/**
 * Points query violations at the names the caller sent, not the ones they were validated under:
 * an alias as sent (`/locale`, not `/localeId`). `renamed` is canonical name → alias.
 *
 * @example
 * asSent([{ pointer: '/localeId', … }], new Map([['localeId', 'locale']])); // [{ pointer: '/locale', … }]
 */
export function asSent(violations: Violation[], renamed: ReadonlyMap<string, string>): Violation[] {
  if (violations.length === 0 || renamed.size === 0) {
    return violations;
  }
  return violations.map((v) => {
    const [name, ...rest] = splitPointer(v.pointer);
    const alias = name === undefined ? undefined : renamed.get(name);
    return alias === undefined ? v : { ...v, pointer: joinPointer('', alias, ...rest) };
  });
}
