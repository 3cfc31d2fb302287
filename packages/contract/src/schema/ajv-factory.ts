import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import { registerFormats } from './formats.js';
import { AT_KEYWORD, FORBIDDEN_KEYWORD } from './variants.js';

/** OpenAPI keywords that may appear in a 3.1 Schema Object but are not JSON Schema. */
const OPENAPI_KEYWORDS = ['example', 'discriminator', 'xml', 'externalDocs', 'components'];

/** Every `x-…` key anywhere in a document, so ajv's strict mode accepts vendor extensions. */
export function vendorKeywords(document: unknown): string[] {
  const found = new Set<string>([FORBIDDEN_KEYWORD, AT_KEYWORD]);
  const walk = (value: unknown): void => {
    if (value === null || typeof value !== 'object') {
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith('x-')) {
        found.add(key);
      }
      walk(item);
    }
  };
  walk(document);
  return [...found];
}

/** Whether an instance coerces strings (query, path and header values are strings on the wire). */
export type AjvPurpose = 'bodies' | 'parameters';

/**
 * Creates one configured ajv (2020-12 dialect). Options, and why:
 * - `strict: true`: a typo in the spec (`maxlenght`) or an unknown format fails compilation
 *   instead of silently validating nothing;
 * - `allErrors: true`: a 400 lists every problem at once (bodies are size-limited before they
 *   get here, which is what ajv's guidance against `allErrors` is about);
 * - `strictNumbers: true`: NaN and ±Infinity are not numbers (`limit=Infinity` coerces to one, and
 *   `JSON.parse('1e400')` is one): a violation, never a value passed on to a database;
 * - `verbose: true`: errors carry `parentSchema`, which maps them back to spec pointers;
 * - `ownProperties` left off: bodies come from `JSON.parse`, whose objects have only own
 *   properties (a `"__proto__"` key is an own property, not a prototype), and the own-property
 *   checks cost about a quarter of a list's validation time;
 * - `coerceTypes: 'array'` for parameters only: `limit=10` is the number 10, `limit=abc` is an
 *   error, and a parameter repeated where one value is expected is an error too.
 *
 * @see https://ajv.js.org/options.html
 * @example
 * const ajv = createAjv('bodies', vendorKeywords(document));
 */
export function createAjv(purpose: AjvPurpose, extraKeywords: readonly string[], options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({
    ...options,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    strictNumbers: true,
    inlineRefs: false,
    allErrors: true,
    verbose: true,
    coerceTypes: purpose === 'parameters' ? 'array' : false,
    useDefaults: false,
    messages: true,
  });
  registerFormats(ajv);
  ajv.addVocabulary([...OPENAPI_KEYWORDS, ...extraKeywords]);
  return ajv;
}
