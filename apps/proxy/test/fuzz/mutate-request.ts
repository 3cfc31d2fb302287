import { type Contract, hasRequiredScopes } from '@assetkit/contract';
import fc from 'fast-check';
import type { FuzzRequest } from './fuzz-request.js';
import { type FuzzerOptions, pathOf, queryPairs, type RequestParts, render } from './request-parts.js';
import { resolveSchema, typesOf } from './schema.js';
import { HOSTILE_NAMES } from './schema-invalid.js';
import { invalidWireValues } from './wire-invalid.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'];
// Built once: compiling a regex arbitrary per draw costs more than the request.
const SEGMENT = fc.stringMatching(/^[a-z0-9_-]{1,12}$/);
const STRAY_NAME = fc.stringMatching(/^zz[a-z]{1,8}$/);

/** Whether `path` (under a base path) matches one of the spec's path templates, segment by segment. */
export function matchesTemplate(contract: Contract, path: string): boolean {
  const segments = (p: string) => p.split('/').slice(1);
  return contract.router.basePaths.some(
    (base) =>
      path.startsWith(`${base}/`) &&
      Object.keys(contract.document.paths ?? {}).some((template) => {
        const want = segments(template);
        const got = segments(path.slice(base.length));
        return want.length === got.length && want.every((w, i) => (/^\{.+\}$/.test(w) ? got[i] !== '' : w === got[i]));
      }),
  );
}

/** A mutation that makes the request certainly invalid, labelled. */
type Made = fc.Arbitrary<FuzzRequest>;

function invalid(parts: RequestParts, mutation: string, change: Partial<FuzzRequest>): FuzzRequest {
  return render(parts, { kind: 'invalid', mutation, ...change });
}

/** Path parameters: the schema's invalid values, traversal tricks it rejects, and empty ones. */
export function pathMutations(contract: Contract, parts: RequestParts): Made[] {
  return parts.operation.parameters
    .filter((p) => p.in === 'path')
    .flatMap((p) => [
      ...invalidWireValues(contract.document, p.schema).map(({ why, value }) =>
        value.map((wire) =>
          invalid(parts, `path ${p.name}: ${why}`, { path: pathOf(parts, { ...parts.path, [p.name]: wire }) }),
        ),
      ),
      fc.constant(invalid(parts, `path ${p.name}: empty`, { path: pathOf(parts, { ...parts.path, [p.name]: '' }) })),
    ]);
}

/** Query parameters: invalid values, repeats, a required one left out, undocumented names. */
export function queryMutations(contract: Contract, parts: RequestParts): Made[] {
  const query = (pairs: Array<[string, string]>) => pairs.map(([k, v]) => `${k}=${v}`).join('&');
  const without = (name: string) => parts.query.filter(([k]) => k !== name);
  const made: Made[] = parts.operation.parameters
    .filter((p) => p.in === 'query')
    .flatMap((p) => [
      ...invalidWireValues(contract.document, p.schema).map(({ why, value }) =>
        value.map((wire) =>
          invalid(parts, `query ${p.name}: ${why}`, { query: query([...without(p.name), [p.name, wire]]) }),
        ),
      ),
      ...(p.required
        ? [fc.constant(invalid(parts, `query ${p.name}: required, left out`, { query: query(without(p.name)) }))]
        : []),
    ]);
  const repeatable = parts.query.filter(([name]) =>
    parts.operation.parameters.some(
      (p) =>
        p.in === 'query' && p.name === name && !typesOf(resolveSchema(contract.document, p.schema)).includes('array'),
    ),
  );
  if (repeatable.length > 0) {
    made.push(
      fc
        .constantFrom(...repeatable)
        .map((pair) => invalid(parts, `query ${pair[0]}: repeated`, { query: query([...parts.query, pair]) })),
    );
  }
  const documented = new Set(parts.operation.parameters.map((p) => p.name));
  const names = fc.oneof(
    fc.constantFrom(...HOSTILE_NAMES, '__proto__[polluted]', 'constructor[prototype][x]'),
    fc.constantFrom(...(documented.size > 0 ? [...documented] : ['limit'])).map((n) => `${n}[]`),
    STRAY_NAME,
  );
  made.push(
    fc
      .tuple(names, fc.constantFrom('1', 'x', 'true'))
      .filter(([name]) => !documented.has(name))
      .map(([name, v]) =>
        invalid(parts, `query ${name}: undocumented`, { query: query([...parts.query, ...queryPairs(name, v)]) }),
      ),
  );
  return made;
}

/** Credentials: none, an unknown key, another scheme, and a key without the operation's scopes. */
export function credentialMutations(parts: RequestParts, options: FuzzerOptions): Made[] {
  const kinds: FuzzRequest['credential'][] = ['missing', 'unknown', 'malformed'];
  if (options.limitedScopes && !hasRequiredScopes(parts.operation, options.limitedScopes)) {
    kinds.push('insufficient-scope');
  }
  return [fc.constantFrom(...kinds).map((credential) => invalid(parts, `credential ${credential}`, { credential }))];
}

/** Methods the spec does not document for the path, and paths no template matches. */
export function routeMutations(contract: Contract, parts: RequestParts): Made[] {
  const item = (contract.document.paths?.[parts.operation.path] ?? {}) as Record<string, unknown>;
  const undocumented = METHODS.filter((m) => !(m.toLowerCase() in item) && !(m === 'HEAD'));
  const path = pathOf(parts);
  const made: Made[] = [];
  if (undocumented.length > 0) {
    made.push(fc.constantFrom(...undocumented).map((method) => invalid(parts, `method ${method}`, { method })));
  }
  const strays = fc
    .oneof(
      SEGMENT.map((s) => `${path}/${s}`),
      SEGMENT.map((s) => `${parts.basePath}/${s}${parts.operation.path.replace(/\{[^}]+\}/g, 'x')}`),
      fc.constant(`${parts.basePath}/`),
    )
    .filter((p) => !matchesTemplate(contract, p));
  made.push(strays.map((stray) => invalid(parts, 'route: no such path', { path: stray })));
  return made;
}
