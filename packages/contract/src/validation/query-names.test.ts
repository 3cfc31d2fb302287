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

/** A small API with what the real ones do not have: aliases with `~` and `/` in their names (and an open exploded object). */
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
  },
};

describe('query violations of aliases, in general', () => {
  const contract = createContract({ name: 'names', document });
  it.each<[string, RequestInput, Partial<Violation>[]]>([
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
  ])('point at what was sent: %s', (_name, input, want) => {
    expectViolations(contract, input, want);
  });
});
