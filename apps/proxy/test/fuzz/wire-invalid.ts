import type { OpenApiDocument } from '@assetkit/contract';
import fc from 'fast-check';
import { decodeWire, encodeWire } from './fuzz-request.js';
import { codePoints, resolveSchema, type Schema, typesOf } from './schema.js';
import { invalidValues } from './schema-invalid.js';

/** Path segments that try to climb out of a route or smuggle a slash, already on the wire. */
export const TRAVERSALS = [
  '..',
  '.',
  '%2E%2E',
  '%2e',
  '%2F',
  'a%2Fb',
  '%5C',
  '..%2F..%2Fetc%2Fpasswd',
  '%2E%2E%2F%2E%2E%2F',
  '%00',
  '%0D%0ASet-Cookie:%20x=1',
  '%ZZ',
  '%',
  '%FF%FE',
];

/** Strings no integer or number coercion accepts. */
const NOT_NUMBERS = ['abc', 'NaN', 'Infinity', '--1', '1-', '١٢', '0x', 'true', '[]', '{}', '1,2', 'e5'];

/**
 * Whether a parameter with this schema certainly rejects the text a server decodes from the
 * wire (`undefined` when that cannot be told without the validator: the fuzzer then calls the
 * request hostile, not invalid). Only scalar parameters are judged.
 */
export function rejectsText(schema: Schema, text: string | undefined): boolean | undefined {
  const types = typesOf(schema).filter((t) => t !== 'null');
  if (text === undefined) {
    return undefined;
  }
  if (types.length === 1 && types[0] === 'string' && text !== 'null') {
    const min = (schema.minLength as number | undefined) ?? 0;
    const max = (schema.maxLength as number | undefined) ?? Infinity;
    const length = codePoints(text);
    if (length < min || length > max) {
      return true;
    }
    if (Array.isArray(schema.enum)) {
      return !schema.enum.includes(text);
    }
    return typeof schema.pattern === 'string' ? !new RegExp(schema.pattern, 'u').test(text) : undefined;
  }
  if (types.every((t) => t === 'integer' || t === 'number')) {
    return NOT_NUMBERS.includes(text) || !/[0-9]/.test(text) ? true : undefined;
  }
  return undefined;
}

/**
 * Wire values (percent-encoded) a path or query parameter certainly rejects, each with why:
 * the schema's own invalid strings and numbers, words no number coercion accepts, and
 * traversal or encoding tricks the schema rejects once decoded.
 */
export function invalidWireValues(document: OpenApiDocument, raw: unknown): WireMutation[] {
  const key = raw !== null && typeof raw === 'object' ? raw : undefined;
  const cached = key && cache.get(key);
  if (cached) {
    return cached;
  }
  const made = buildWireValues(document, raw);
  if (key) {
    cache.set(key, made);
  }
  return made;
}

type WireMutation = { why: string; value: fc.Arbitrary<string> };
// Built once per schema object (checking each candidate samples the generator).
const cache = new WeakMap<object, WireMutation[]>();

function buildWireValues(document: OpenApiDocument, raw: unknown): WireMutation[] {
  const schema = resolveSchema(document, raw);
  const out: WireMutation[] = [];
  const rejected = (w: string) => rejectsText(schema, decodeWire(w)) === true;
  const scalar = invalidValues(document, schema).filter(
    (v) => !/^(wrong type (object|array|null|boolean)|deeply)/.test(v.why),
  );
  for (const invalid of scalar) {
    const wire = invalid.value.map((v) => encodeWire(String(v)));
    // Kept only when most of what it makes is certainly rejected (else the filter would spin).
    const sample = fc.sample(wire, { numRuns: 40, seed: 1 });
    if (sample.filter(rejected).length >= sample.length / 2 && sample.length > 0) {
      out.push({ why: invalid.why, value: wire.filter(rejected) });
    }
  }
  const types = typesOf(schema);
  if (types.includes('integer') || types.includes('number')) {
    out.push({ why: 'not a number', value: fc.constantFrom(...NOT_NUMBERS).map(encodeWire) });
  }
  const tricks = TRAVERSALS.filter((t) => rejectsText(schema, decodeWire(t)) === true);
  if (tricks.length > 0) {
    out.push({ why: 'traversal or encoding trick', value: fc.constantFrom(...tricks) });
  }
  return out;
}

/** Wire values whose fate only the validator knows: malformed escapes, odd numerals, spaces. */
export const ODD_WIRE_VALUES = fc.constantFrom(
  '%ZZ',
  '%',
  '%FF%FE',
  '1e2',
  '%201',
  '1%20',
  '+1',
  '01',
  '-0',
  '%E2%80%AE',
  '%F0%9F%92%A9',
  '%C0%AE%C0%AE',
  encodeWire('\u0000\u0007\u001b[31m'),
);
