import { joinPointer } from '../json-pointer.js';
import type { JsonSchema } from '../openapi-document.js';
import type { ParameterSpec } from '../operations.js';
import type { Violation } from './violation.js';

/** An array parameter sent as one value, its items joined by a delimiter. */
export interface DelimitedArray {
  style: string;
  delimiter: string;
  /** Spec pointer of the Parameter Object. */
  pointer: string;
}

/** An operation's delimited array parameters in one location, by the name their values arrive under. */
export type DelimitedArrays = ReadonlyMap<string, DelimitedArray>;

/** The delimiter of each style that joins an array into one value (OpenAPI 3.1 §4.8.12.4). */
const DELIMITERS: Readonly<Record<string, string>> = {
  simple: ',',
  form: ',',
  spaceDelimited: ' ',
  pipeDelimited: '|',
};

/** Whether a schema takes arrays and no strings (a string would be split where it should not be). */
function isArraySchema(schema: JsonSchema | undefined): boolean {
  const type = schema !== null && typeof schema === 'object' ? schema.type : undefined;
  return type === 'array' || (Array.isArray(type) && type.includes('array') && !type.includes('string'));
}

/**
 * Reads which of `location`'s parameters are arrays sent as one delimited value: `simple` (path
 * and header; exploded or not, an array is `1,2,3`), and `form` (`explode: false`),
 * `spaceDelimited` and `pipeDelimited` in the query (exploded, these repeat the name instead, as
 * the query already reads them). `resolve` follows a schema's `$ref`. `label`, `matrix`,
 * `deepObject` and objects are left as sent.
 *
 * @example
 * delimitedArrays(operation.parameters, 'query', resolve); // Map { 'ids' → { style: 'form', delimiter: ',', … } }
 */
export function delimitedArrays(
  parameters: readonly ParameterSpec[],
  location: 'path' | 'query' | 'header',
  resolve: (schema: JsonSchema) => JsonSchema | undefined,
): DelimitedArrays {
  const found = new Map<string, DelimitedArray>();
  for (const p of parameters) {
    if (p.in !== location) {
      continue;
    }
    const style = typeof p.object.style === 'string' ? p.object.style : location === 'query' ? 'form' : 'simple';
    const explode = p.object.explode ?? style === 'form';
    const delimiter = DELIMITERS[style];
    if (delimiter === undefined || (style !== 'simple' && explode === true) || !isArraySchema(resolve(p.schema))) {
      continue;
    }
    found.set(location === 'header' ? p.name.toLowerCase() : p.name, { style, delimiter, pointer: p.pointer });
  }
  return found;
}

/** Optional whitespace around a header list's commas (RFC 9110 §5.6.1), which is no part of an item. */
const OWS = /^[ \t]+|[ \t]+$/g;

/**
 * Splits the delimited array parameters of `values` into their items, so each is validated (and
 * its number checked as written) on its own: `ids=1,2` is `['1', '2']`, an empty value no items.
 * A header's repeated lines are one list (RFC 9110 §5.3); a query name sent twice is one
 * parameter given twice, reported (its items are still split, for the rest of the checks).
 * Mutates `values`.
 *
 * @example
 * splitDelimited(query, delimited, 'query'); // query { ids: '1,2' } → { ids: ['1', '2'] }; returns []
 */
export function splitDelimited(
  values: Record<string, unknown>,
  delimited: DelimitedArrays,
  location: 'path' | 'query' | 'header',
): Violation[] {
  const found: Violation[] = [];
  for (const [name, array] of delimited) {
    const value = values[name];
    if (typeof value !== 'string' && !Array.isArray(value)) {
      continue;
    }
    const sent = (typeof value === 'string' ? [value] : value).map(String);
    if (sent.length > 1 && location !== 'header') {
      found.push({
        location,
        pointer: joinPointer('', name),
        schemaPath: array.pointer,
        keyword: 'style',
        message: `is sent once, its items separated by ${JSON.stringify(array.delimiter)} (style ${array.style}${array.style === 'simple' ? '' : ', explode false'}); got it ${sent.length} times`,
      });
    }
    const joined = location === 'header' ? sent.join(',') : sent.join(array.delimiter);
    const items = joined === '' ? [] : joined.split(array.delimiter);
    values[name] = location === 'header' ? items.map((item) => item.replace(OWS, '')) : items;
  }
  return found;
}
