import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { encodeWire, type FuzzRequest } from './fuzz-request.js';
import { pathOf, type RequestParts, render } from './request-parts.js';
import { deepNestingText } from './schema-invalid.js';
import { ODD_WIRE_VALUES, TRAVERSALS } from './wire-invalid.js';

/**
 * Requests that are odd but not certainly invalid (only the validator knows, or HTTP itself
 * refuses them before any application code runs): malformed escapes, odd numerals, traversal
 * that a normalising server would resolve, a URL over Node's header limit, a compressed or
 * unexpected body, lower-case methods, duplicated request ids. Properties on them: no 5xx, no
 * hang, and when forwarded, forwarded unchanged (but for a JSON body's byte order mark, left out).
 *
 * @example
 * fc.sample(validParts(contract, op, options).chain(hostileMutations), 1);
 */
export function hostileMutations(parts: RequestParts): fc.Arbitrary<FuzzRequest> {
  const hostile = (mutation: string, change: Partial<FuzzRequest>) =>
    render(parts, { kind: 'hostile', mutation, ...change });
  const params = parts.operation.parameters;
  const queryNames = params.filter((p) => p.in === 'query').map((p) => p.name);
  const pathNames = params.filter((p) => p.in === 'path').map((p) => p.name);
  const made: fc.Arbitrary<FuzzRequest>[] = [
    fc.constantFrom(...TRAVERSALS).map((t) =>
      hostile(`route: ${t} before the path`, {
        path: `${parts.basePath}/${t}${pathOf(parts).slice(parts.basePath.length)}`,
      }),
    ),
    fc.constant(hostile('path: trailing slash', { path: `${pathOf(parts)}/` })),
    fc.constant(hostile('path: doubled slash', { path: pathOf(parts).replace(/\/([^/]*)$/, '//$1') })),
    fc
      .integer({ min: 17_000, max: 40_000 })
      .map((n) => hostile(`query: ${n}-byte URL`, { query: `q=${'a'.repeat(n)}` })),
    fc.constant(
      hostile('header: x-request-id doubled', {
        headers: [...parts.headers, ['x-request-id', 'a'.repeat(200)], ['x-request-id', 'fuzz-dup-0001']],
      }),
    ),
    fc.constant(
      hostile('header: authorization doubled (second one unknown)', {
        headers: [...parts.headers, ['authorization', 'Bearer doubled-unknown-key-0000000']],
      }),
    ),
    fc.constant(
      hostile('header: unicode header value', {
        headers: [...parts.headers, ['x-note', Buffer.from('é€', 'utf8').toString('latin1')]],
      }),
    ),
    fc.constantFrom('BREW', 'PROPFIND', 'CONNECT').map((method) => hostile(`method ${method}`, { method })),
  ];
  if (queryNames.length > 0) {
    made.push(
      fc.tuple(fc.constantFrom(...queryNames), ODD_WIRE_VALUES).map(([name, value]) =>
        hostile(`query ${name}: odd value ${value}`, {
          query: [...parts.query.filter(([k]) => k !== encodeWire(name)), [encodeWire(name), value]]
            .map(([k, v]) => `${k}=${v}`)
            .join('&'),
        }),
      ),
    );
  }
  if (pathNames.length > 0) {
    made.push(
      fc
        .tuple(fc.constantFrom(...pathNames), ODD_WIRE_VALUES)
        .map(([name, value]) =>
          hostile(`path ${name}: odd value ${value}`, { path: pathOf(parts, { ...parts.path, [name]: value }) }),
        ),
    );
  }
  const json: [string, string] = ['content-type', 'application/json'];
  if (parts.body) {
    const text = JSON.stringify(parts.body.value);
    made.push(
      fc.constant(
        hostile('body: gzip-compressed', {
          body: gzipSync(text),
          headers: [...parts.headers, ['content-encoding', 'gzip']],
        }),
      ),
      fc.constant(
        hostile('body: UTF-8 byte order mark', {
          body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
        }),
      ),
      fc.constant(
        hostile('body: invalid UTF-8', {
          body: Buffer.concat([Buffer.from(text.slice(0, -1)), Buffer.from([0xff, 0xfe]), Buffer.from('}')]),
        }),
      ),
    );
  } else {
    made.push(
      fc.constant(
        hostile('body: on an operation that takes none', {
          body: Buffer.from('{"a":1}'),
          headers: [...parts.headers, json],
        }),
      ),
      fc.constant(
        hostile('body: deep nesting where none is taken', {
          body: Buffer.from(deepNestingText(5_000)),
          headers: [...parts.headers, json],
        }),
      ),
    );
  }
  return fc.oneof(...made);
}
