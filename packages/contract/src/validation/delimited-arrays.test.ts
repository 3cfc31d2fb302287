import { describe, expect, it } from 'vitest';
import { createContract } from '../contract.js';
import type { OpenApiDocument } from '../openapi-document.js';

const integers = { type: 'array', items: { type: 'integer' }, maxItems: 3 } as const;

/** A third-party spec with array parameters in every delimited style (the shipped specs have none). */
const document: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'delimited', version: '1' },
  paths: {
    '/things/{ids}': {
      get: {
        operationId: 'get-things',
        parameters: [
          { name: 'ids', in: 'path', required: true, schema: integers },
          { name: 'packed', in: 'query', style: 'form', explode: false, schema: integers },
          { name: 'spaced', in: 'query', style: 'spaceDelimited', schema: integers },
          {
            name: 'piped',
            in: 'query',
            style: 'pipeDelimited',
            explode: false,
            schema: { $ref: '#/components/schemas/Ids' },
          },
          {
            name: 'tags',
            in: 'query',
            explode: false,
            schema: { type: 'array', items: { type: 'string', maxLength: 3 } },
          },
          { name: 'repeated', in: 'query', schema: integers },
          { name: 'X-Ids', in: 'header', schema: integers },
        ],
        responses: {},
      },
    },
  },
  components: { schemas: { Ids: { type: 'array', items: { type: 'integer' } } } },
};
const contract = createContract({ name: 'delimited', document });
const request = (query: string, ids = '1', headers: Record<string, string> = {}) =>
  contract.validateRequest({ method: 'GET', path: `/things/${ids}`, query, headers });

// Found in review: explode: false arrays were validated as one value, so `packed=1,2` was "no integer".
describe('array parameters that are one delimited value (OpenAPI 3.1 §4.8.12.4)', () => {
  it('split each style at its delimiter, and coerce every item', () => {
    const result = request('packed=1,2&spaced=3%204&piped=5|6&tags=a,b', '7,8', { 'x-ids': '9, 10' });
    expect(result.violations).toEqual([]);
    expect(result.pathParams).toEqual({ ids: [7, 8] });
    expect(result.query).toEqual({ packed: [1, 2], spaced: [3, 4], piped: [5, 6], tags: ['a', 'b'] });
  });

  it('take an empty value as an empty array', () => {
    const result = request('packed=&tags=');
    expect(result.violations).toEqual([]);
    expect(result.query).toEqual({ packed: [], tags: [] });
  });

  it.each([
    ['Infinity in a form list', 'packed=1,Infinity', '1', {}, 'query', '/packed/1'],
    ['1e1 in a form list', 'packed=1,1e1', '1', {}, 'query', '/packed/1'],
    ['0x10 in a space-delimited list', 'spaced=1+0x10', '1', {}, 'query', '/spaced/1'],
    ['+5 in a pipe-delimited list', 'piped=2|%2B5', '1', {}, 'query', '/piped/1'],
    ['an unsafe integer in a path list', '', '1,99999999999999999999', {}, 'path', '/ids/1'],
    ['1e1 in a header list', '', '1', { 'x-ids': '1,2,1e1' }, 'header', '/x-ids/2'],
  ])('refuse %s, a number only to a loose parser, item by item', (_name, query, ids, headers, location, pointer) => {
    const result = request(query, ids, headers);
    expect(result.violations).toMatchObject([{ location, pointer, keyword: 'type' }]);
  });

  it('validate each item against the items schema, and the array against the array schema', () => {
    const result = request('packed=1,2,3,4&tags=a,long');
    expect(result.violations.map((v) => `${v.pointer} ${v.keyword}`)).toEqual([
      '/packed maxItems',
      '/tags/1 maxLength',
    ]);
  });

  it('refuse a delimited array sent twice, naming the style', () => {
    const result = request('packed=1&packed=2');
    expect(result.violations).toMatchObject([{ location: 'query', pointer: '/packed', keyword: 'style' }]);
    expect(result.violations[0]?.message).toContain('once');
  });

  it('keep form, explode: true arrays repeated and unsplit', () => {
    const result = request('repeated=1&repeated=2');
    expect(result.query).toEqual({ repeated: [1, 2] });
    expect(request('repeated=1,2').violations).toMatchObject([{ pointer: '/repeated/0', keyword: 'type' }]);
  });
});
