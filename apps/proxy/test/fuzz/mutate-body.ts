import type { Contract } from '@assetkit/contract';
import fc from 'fast-check';
import type { FuzzRequest } from './fuzz-request.js';
import { type FuzzerOptions, jsonBody, type RequestParts, render } from './request-parts.js';
import { resolveSchema, typesOf } from './schema.js';
import { deepNestingText, HOSTILE_NAMES, invalidValues } from './schema-invalid.js';

const NOT_JSON_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'text/json-ish',
];

type Made = fc.Arbitrary<FuzzRequest>;
const EXTRA_NAME = fc.oneof(fc.constantFrom(...HOSTILE_NAMES), fc.stringMatching(/^[a-z]{1,10}$/));

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** Broken JSON made from a valid text: each is a syntax error for any conforming parser. */
function malformed(text: string): string[] {
  return [
    text.slice(0, -1),
    `${text}x`,
    `${text.slice(0, -1)},}`,
    "{'displayName':'x'}",
    '{"a":NaN}',
    '{"a":"raw\u0000control"}',
    '{"a":1',
  ].filter((t) => t !== text);
}

/**
 * Body mutations for operations with a JSON body: left out when required, the root or a
 * property of a type or size the schema rejects, a required property missing, an undeclared
 * (prototype-polluting) property, malformed JSON, a content type that is not JSON or none, and a
 * body just over the target's limit (declared and chunked).
 */
export function bodyMutations(contract: Contract, parts: RequestParts, options: FuzzerOptions): Made[] {
  const media = jsonBody(parts.operation);
  if (!media || !parts.body) {
    return [];
  }
  const text = JSON.stringify(parts.body.value);
  const otherHeaders = parts.headers.filter(([name]) => name !== 'content-type');
  const contentType = parts.headers.find(([name]) => name === 'content-type') ?? ['content-type', media.mediaType];
  const made = (mutation: string, change: Partial<FuzzRequest>): FuzzRequest =>
    render(parts, { kind: 'invalid', mutation, ...change });
  const out: Made[] = [];
  if (parts.operation.requestBody?.required) {
    out.push(fc.constant(made('body: required, left out', { body: undefined, headers: otherHeaders })));
  }
  const root = resolveSchema(contract.document, media.schema);
  for (const { why, value } of invalidValues(contract.document, media.schema)) {
    out.push(value.map((v) => made(`body: ${why}`, { body: bytes(JSON.stringify(v)) })));
  }
  if (!typesOf(root).includes('array')) {
    // Raw text: deeper than JSON.stringify can write, still under the body limit.
    const depth = Math.min(8_000, Math.floor((options.bodyLimitBytes - 2) / 2));
    out.push(fc.constant(made(`body: ${depth}-deep nested arrays`, { body: bytes(deepNestingText(depth)) })));
  }
  const object = parts.body.value;
  if (object && typeof object === 'object' && !Array.isArray(object)) {
    const current = object as Record<string, unknown>;
    for (const [key, schema] of Object.entries((root.properties as Record<string, unknown>) ?? {})) {
      for (const { why, value } of invalidValues(contract.document, schema)) {
        out.push(
          value.map((v) => made(`body ${key}: ${why}`, { body: bytes(JSON.stringify({ ...current, [key]: v })) })),
        );
      }
    }
    for (const key of (root.required as string[] | undefined) ?? []) {
      const { [key]: _dropped, ...rest } = current;
      out.push(fc.constant(made(`body ${key}: required, left out`, { body: bytes(JSON.stringify(rest)) })));
    }
    if (root.additionalProperties === false) {
      const declared = new Set(Object.keys((root.properties as object) ?? {}));
      const rest = JSON.stringify(current).slice(1);
      out.push(
        fc
          .tuple(
            EXTRA_NAME.filter((name) => !declared.has(name)),
            fc.constantFrom('1', '{"polluted":true}', 'null'),
          )
          .map(([name, v]) =>
            made(`body: undeclared property ${name}`, {
              body: bytes(`{${JSON.stringify(name)}:${v}${rest === '}' ? '}' : `,${rest}`}`),
            }),
          ),
      );
    }
  }
  out.push(fc.constantFrom(...malformed(text)).map((t) => made('body: malformed JSON', { body: bytes(t) })));
  out.push(
    fc
      .constantFrom(...NOT_JSON_TYPES)
      .map((type) => made(`content-type ${type}`, { headers: [...otherHeaders, ['content-type', type]] })),
    fc.constant(made('content-type: missing', { headers: otherHeaders })),
    fc.constant(
      made('content-type: doubled, first not JSON', {
        headers: [...otherHeaders, ['content-type', 'text/plain'], contentType],
      }),
    ),
  );
  const padded = bytes(text + ' '.repeat(Math.max(0, options.bodyLimitBytes + 1 - Buffer.byteLength(text))));
  out.push(
    fc.boolean().map((chunked) =>
      made(`body: over the ${options.bodyLimitBytes}-byte limit${chunked ? ', chunked' : ''}`, {
        body: padded,
        chunked,
      }),
    ),
  );
  return out;
}
