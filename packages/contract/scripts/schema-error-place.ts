/**
 * Where in a spec an ajv compile error is. Redocly's lint passes some schemas ajv's strict mode
 * refuses (a format assetkit does not know, `minimum` on a string), and ajv names the place only
 * inside the schema it was compiling (`#/properties/format`), never which one: this finds the
 * schemas of the document that end at that place and carry the keyword at fault.
 *
 * @see https://ajv.js.org/strict-mode.html
 */
import { joinPointer } from '../src/json-pointer.js';

/** Values that hold data, not schemas: a `format` or `minimum` key inside them is no keyword. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'const', 'enum']);

/** The keyword (and for `format`, its value) an ajv strict-mode message is about. */
function keywordOf(message: string): { keyword: string; value?: string } | undefined {
  const format = /unknown format "([^"]+)"/.exec(message);
  if (format) {
    return { keyword: 'format', value: format[1] };
  }
  const keyword = /keyword "([^"]+)"/.exec(message)?.[1];
  return keyword === undefined ? undefined : { keyword };
}

/**
 * The spec pointers an ajv compile error may be about, best guesses first (none when the message
 * names neither a place nor a keyword).
 *
 * @example
 * schemaErrorPlaces(document, 'unknown format "hexcolor" ignored in schema at path "#/properties/format"');
 * // ['#/components/schemas/AssetVariant/properties/format']
 */
export function schemaErrorPlaces(document: unknown, message: string): string[] {
  const place = /at (?:path )?"[^"#]*#([^"]*)"/.exec(message)?.[1] ?? '';
  const target = keywordOf(message);
  if (target === undefined) {
    return [];
  }
  const found: string[] = [];
  const walk = (node: unknown, pointer: string, suffix: string): void => {
    if (node === null || typeof node !== 'object') {
      return;
    }
    const record = node as Record<string, unknown>;
    const carries = target.keyword in record && (target.value === undefined || record[target.keyword] === target.value);
    if (carries && pointer.endsWith(suffix)) {
      found.push(`#${pointer}`);
    }
    for (const [key, value] of Object.entries(record)) {
      if (!DATA_KEYS.has(key)) {
        walk(value, joinPointer(pointer, key), suffix);
      }
    }
  };
  walk(document, '', place);
  // A parameter's or header's schema is compiled inside an object of its own (`#/properties/localeId`),
  // which is nowhere in the spec: an unknown format is found by its name alone.
  if (found.length === 0 && target.value !== undefined) {
    walk(document, '', '');
  }
  return found;
}
