import { joinPointer, splitPointer } from '../json-pointer.js';
import type { ServerObject } from '../openapi-document.js';
import type { CompiledOperation } from './compile-operation.js';
import type { QueryLayout } from './exploded-query.js';
import type { Violation } from './violation.js';

/** The server a request was routed under, and its pointer in the spec (`#/servers/1`). */
export interface RoutedServer {
  server: ServerObject;
  pointer: string;
}

/** How the query names a request sent were read: what was renamed, and what gathered. */
export interface QueryNames {
  /** Aliases renamed to the parameter they stand for: canonical name → name sent. */
  renamed: ReadonlyMap<string, string>;
  /** Names of form-exploded object parameters that names sent were gathered into. */
  gathered: ReadonlySet<string>;
  /** The operation's query layout (which parameters are form-exploded objects). */
  layout: QueryLayout;
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
 * an alias (`/locale`, not `/localeId`), and a name gathered into a form-exploded object by its own
 * name (`/department`, not `/labels/department`; a "property name" its schema refuses is a "query
 * parameter name"). A violation of such an object as a whole is about the query as a whole
 * (pointer `''`), and its message says which names it counts.
 *
 * @example
 * asSent([{ pointer: '/labels/department', … }], names); // [{ pointer: '/department', … }]
 */
export function asSent(violations: Violation[], names: QueryNames): Violation[] {
  if (violations.length === 0 || (names.renamed.size === 0 && names.layout.exploded.length === 0)) {
    return violations;
  }
  return violations.map((v) => {
    const [name, ...rest] = splitPointer(v.pointer);
    if (name === undefined) {
      return v;
    }
    const alias = names.renamed.get(name);
    if (alias !== undefined) {
      return { ...v, pointer: joinPointer('', alias, ...rest) };
    }
    const group = `the query parameters gathered into ${JSON.stringify(name)}`;
    if (names.gathered.has(name)) {
      return rest.length > 0
        ? {
            ...v,
            pointer: joinPointer('', ...rest),
            message: v.message.replace(/^property name /, 'query parameter name '),
          }
        : { ...v, pointer: '', message: `${group} ${v.message}` };
    }
    if (v.keyword === 'required' && rest.length === 0 && names.layout.exploded.some((e) => e.name === name)) {
      return { ...v, pointer: '', message: `${group} are required; none was sent` };
    }
    return v;
  });
}
