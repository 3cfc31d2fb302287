import { describe, expect, it } from 'vitest';
import { createContract, getContract } from '../contract.js';
import type { OpenApiDocument } from '../openapi-document.js';
import type { RequestInput } from './request-validator.js';
import type { Violation } from './violation.js';

const SITE = '580e63e98c9a982ac9b8b741';
const ASSET = '580e63fc8c9a982ac9b8b745';
const FR = '65427cf400e02b306eaa04a0';
const DE = '65427cf400e02b306eaa04a1';

/** Every query violation names a parameter as the caller sent it: `/beta`'s alias, a label filter's own name. */
function expectViolations(
  contract: ReturnType<typeof createContract>,
  input: RequestInput,
  want: Partial<Violation>[],
) {
  const result = contract.validateRequest(input);
  expect(result.valid).toBe(false);
  expect(result.violations).toHaveLength(want.length);
  want.forEach((w, i) => {
    expect(result.violations[i]).toMatchObject(w);
  });
}

const BOTH = {
  location: 'query',
  pointer: '/locale',
  keyword: 'alias',
  schemaPath: '#/servers/1/x-assetkit-query-aliases/locale',
  message: 'is another name for "localeId" here; send "locale" or "localeId", not both',
} as const;

describe('a query parameter sent under its alias and its own name', () => {
  const webflow = getContract('webflow-assets');
  it.each<[string, RequestInput, Partial<Violation>[]]>([
    ['with two values', { method: 'GET', path: `/beta/assets/${ASSET}`, query: `locale=${FR}&localeId=${DE}` }, [BOTH]],
    // Refused like `limit=10&limit=10`: which one an upstream reads is its choice, and the proxy
    // forwards both names as sent.
    ['with one value', { method: 'GET', path: `/beta/assets/${ASSET}`, query: `locale=${FR}&localeId=${FR}` }, [BOTH]],
    [
      'in the other order',
      { method: 'GET', path: `/beta/assets/${ASSET}`, query: `localeId=${FR}&locale=${DE}` },
      [BOTH],
    ],
    [
      'on a list, as a parsed query',
      { method: 'GET', path: `/beta/sites/${SITE}/assets`, query: { locale: FR, localeId: FR, limit: '5' } },
      [BOTH],
    ],
    [
      'beside a problem of its own name',
      { method: 'GET', path: `/beta/assets/${ASSET}`, query: `locale=${FR}&localeId=a&localeId=b` },
      [BOTH, { pointer: '/localeId', keyword: 'type' }],
    ],
    [
      'under /v2, where it is no alias',
      { method: 'GET', path: `/v2/assets/${ASSET}`, query: `locale=${FR}&localeId=${FR}` },
      [
        {
          pointer: '/locale',
          keyword: 'additionalProperties',
          message: expect.stringMatching(/^unknown query parameter/),
        },
      ],
    ],
    [
      'on an operation without the parameter',
      { method: 'DELETE', path: `/beta/assets/${ASSET}`, query: `locale=${FR}&localeId=${FR}` },
      [
        { pointer: '/locale', keyword: 'additionalProperties' },
        { pointer: '/localeId', keyword: 'additionalProperties' },
      ],
    ],
  ])('is refused %s, naming both', (_name, input, want) => {
    expectViolations(webflow, input, want);
  });

  it('is accepted under either name alone', () => {
    for (const query of [`locale=${FR}`, `localeId=${FR}`]) {
      const result = webflow.validateRequest({ method: 'GET', path: `/beta/assets/${ASSET}`, query });
      expect(result).toMatchObject({ valid: true, query: { localeId: FR } });
    }
  });
});

describe('a Konifer label filter’s violations', () => {
  const konifer = getContract('konifer-assets');
  const filters = '#/components/schemas/LabelFilters';
  it.each<[string, RequestInput, Partial<Violation>[]]>([
    [
      'a repeated label',
      { method: 'GET', path: '/assets/a/-/metadata', query: 'dept=eng&dept=ops' },
      [
        {
          location: 'query',
          pointer: '/dept',
          keyword: 'type',
          schemaPath: `${filters}/additionalProperties/type`,
          message: 'must be string, got an array of 2',
        },
      ],
    ],
    [
      'a repeated label on a delete, beside limit',
      { method: 'DELETE', path: '/assets/a/-/recursive', query: 'limit=1&dept=eng&dept=ops' },
      [{ pointer: '/dept', keyword: 'type' }],
    ],
    [
      'a repeated label on one entry',
      { method: 'GET', path: '/assets/a/-/entry/0/metadata', query: 'dept=eng&dept=ops' },
      [{ pointer: '/dept', keyword: 'type' }],
    ],
    [
      'a label value of 257',
      { method: 'GET', path: '/assets/a/-/metadata', query: `dept=${'v'.repeat(257)}` },
      [{ pointer: '/dept', keyword: 'maxLength' }],
    ],
    [
      'a reserved name',
      { method: 'GET', path: '/assets/a/-/metadata', query: 'w=100' },
      [
        {
          pointer: '/w',
          keyword: 'not',
          schemaPath: `${filters}/propertyNames/not`,
          // Found in review: it said "property name", where the caller sent a query parameter.
          message: expect.stringMatching(/^query parameter name "w" must not be one of "h", "w", /),
        },
      ],
    ],
    [
      'limit where the operation takes none',
      { method: 'GET', path: '/assets/a/-/entry/0/metadata', query: 'limit=2' },
      [{ pointer: '/limit', keyword: 'not' }],
    ],
    [
      'a repeated label: prefix',
      { method: 'GET', path: '/assets/a/-/metadata', query: 'label:w=1&label:w=2' },
      [{ pointer: '/label:w', keyword: 'type' }],
    ],
    [
      'a label named like the parameter',
      { method: 'GET', path: '/assets/a/-/metadata', query: 'labels=a&labels=b' },
      [{ pointer: '/labels', keyword: 'type' }],
    ],
    [
      'a label with / and ~ in its name, escaped as pointers are',
      { method: 'GET', path: '/assets/a/-/metadata', query: 'a/b=1&a/b=2&c~d=1&c~d=2' },
      [
        { pointer: '/a~1b', keyword: 'type' },
        { pointer: '/c~0d', keyword: 'type' },
      ],
    ],
  ])('point at the name sent: %s', (_name, input, want) => {
    expectViolations(konifer, input, want);
  });
});

/** A small API with what the real ones do not have: a required, bounded, closed exploded object, and names with `~` and `/`. */
const document: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'names', version: '1' },
  servers: [
    { url: 'https://example.com/v1' },
    { url: 'https://example.com/old', 'x-assetkit-query-aliases': { 'per~page': 'limit', 'a/b': 'ab' } },
  ],
  paths: {
    '/things': {
      get: {
        operationId: 'list-things',
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1 } },
          { name: 'ab', in: 'query', schema: { type: 'string', maxLength: 1 } },
          { name: 'page/size', in: 'query', schema: { type: 'integer', maximum: 100 } },
          {
            name: 'filters',
            in: 'query',
            required: true,
            schema: { type: 'object', maxProperties: 2, additionalProperties: { type: 'string' } },
          },
        ],
        responses: {},
      },
    },
    '/sorted': {
      get: {
        operationId: 'list-sorted',
        parameters: [
          {
            name: 'sort',
            in: 'query',
            schema: {
              type: 'object',
              properties: { by: { type: 'string' }, dir: { enum: ['asc', 'desc'] } },
              required: ['by'],
              additionalProperties: false,
            },
          },
        ],
        responses: {},
      },
    },
  },
};

describe('query violations of exploded objects and aliases, in general', () => {
  const contract = createContract({ name: 'names', document });
  it.each<[string, RequestInput, Partial<Violation>[]]>([
    [
      'a property of a closed object',
      { method: 'GET', path: '/v1/sorted', query: 'by=name&dir=up' },
      [{ pointer: '/dir', keyword: 'enum' }],
    ],
    [
      'a property a closed object requires',
      { method: 'GET', path: '/v1/sorted', query: 'dir=asc' },
      [{ pointer: '/by', keyword: 'required', message: 'required query parameter "by" is missing' }],
    ],
    [
      'the closed object’s own name, sent',
      { method: 'GET', path: '/v1/sorted', query: 'sort=x' },
      [
        { pointer: '/by', keyword: 'required' },
        {
          pointer: '/sort',
          keyword: 'additionalProperties',
          message: 'unknown query parameter "sort" (documented: by, dir)',
        },
      ],
    ],
    [
      'too many names for one object: the query as a whole',
      { method: 'GET', path: '/v1/things', query: 'a=1&b=2&c=3' },
      [
        {
          pointer: '',
          keyword: 'maxProperties',
          message: 'the query parameters gathered into "filters" must have at most 2 propert(ies)',
        },
      ],
    ],
    [
      'none of the names a required object gathers',
      { method: 'GET', path: '/v1/things', query: 'limit=1' },
      [
        {
          pointer: '',
          keyword: 'required',
          message: 'the query parameters gathered into "filters" are required; none was sent',
        },
      ],
    ],
    [
      'an alias with ~ in its name',
      { method: 'GET', path: '/old/things', query: 'per~page=0&x=1' },
      [{ pointer: '/per~0page', keyword: 'minimum' }],
    ],
    [
      'an alias with / in its name',
      { method: 'GET', path: '/old/things', query: 'a%2Fb=xy&x=1' },
      [{ pointer: '/a~1b', keyword: 'maxLength' }],
    ],
    [
      'an alias with ~ in its name, and its own name',
      { method: 'GET', path: '/old/things', query: 'per~page=2&limit=2&x=1' },
      [{ pointer: '/per~0page', keyword: 'alias', schemaPath: '#/servers/1/x-assetkit-query-aliases/per~0page' }],
    ],
    [
      'a number written loosely, under a name with /',
      { method: 'GET', path: '/v1/things', query: 'page%2Fsize=0x10&x=1' },
      [{ pointer: '/page~1size', keyword: 'type', actual: '0x10' }],
    ],
    [
      'a number out of range, quoted as written, under a name with /',
      { method: 'GET', path: '/v1/things', query: 'page%2Fsize=1e3&x=1' },
      [{ pointer: '/page~1size', keyword: 'maximum', message: 'must be <= 100, got "1e3"', actual: '1e3' }],
    ],
  ])('point at what was sent: %s', (_name, input, want) => {
    expectViolations(contract, input, want);
  });
});

describe('the query aliases a valid request used', () => {
  const webflow = getContract('webflow-assets');
  it('are told by the name the query holds them under, so an error about one names what was sent', () => {
    const beta = webflow.validateRequest({ method: 'GET', path: `/beta/assets/${ASSET}`, query: `locale=${FR}` });
    expect(beta.valid).toBe(true);
    expect(beta.query).toEqual({ localeId: FR });
    expect([...(beta.queryAliases ?? [])]).toEqual([['localeId', 'locale']]);
    const v2 = webflow.validateRequest({ method: 'GET', path: `/v2/assets/${ASSET}`, query: `localeId=${FR}` });
    expect([...(v2.queryAliases ?? [])]).toEqual([]);
  });
});
