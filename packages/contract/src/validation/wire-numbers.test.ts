import { describe, expect, it } from 'vitest';
import { createContract } from '../contract.js';
import type { OpenApiDocument } from '../openapi-document.js';

/** A third-party spec with array-of-number query parameters (the shipped specs have none). */
const document: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'number-arrays', version: '1' },
  paths: {
    '/things': {
      get: {
        operationId: 'list-things',
        parameters: [
          {
            name: 'ids',
            in: 'query',
            style: 'form',
            explode: true,
            schema: { type: 'array', items: { type: 'integer' } },
          },
          { name: 'near', in: 'query', schema: { type: 'array', items: { type: 'number' } } },
          { name: 'refs', in: 'query', schema: { type: 'array', items: { $ref: '#/components/schemas/Id' } } },
          { name: 'packed', in: 'query', explode: false, schema: { type: 'array', items: { type: 'integer' } } },
          { name: 'limit', in: 'query', schema: { $ref: '#/components/schemas/Limit' } },
          { name: 'pages', in: 'query', schema: { $ref: '#/components/schemas/Pages' } },
          { name: 'X-Limit', in: 'header', schema: { $ref: '#/components/schemas/Limit' } },
        ],
        responses: {
          '200': { description: 'ok', headers: { 'X-Count': { schema: { $ref: '#/components/schemas/Limit' } } } },
        },
      },
    },
  },
  components: {
    schemas: {
      Id: { type: 'integer' },
      Limit: { $ref: '#/components/schemas/Count' },
      Count: { type: 'integer', minimum: 1 },
      Pages: { type: 'array', items: { $ref: '#/components/schemas/Id' } },
    },
  },
};
const contract = createContract({ name: 'number-arrays', document });
const request = (query: string) => contract.validateRequest({ method: 'GET', path: '/things', query });

// Found in review: `type: array` was never taken as numeric, so its items skipped the loose-number checks.
describe('array-of-number query parameters', () => {
  it.each([
    ['ids=1&ids=Infinity', '/ids/1', 'must be written as a decimal integer'],
    ['ids=0x10&ids=2', '/ids/0', 'must be written as a decimal integer'],
    ['ids=1&ids=99999999999999999999', '/ids/1', 'must be an integer from'],
    ['ids=1&ids=%201', '/ids/1', 'must be written as a decimal integer'],
    ['near=2.5&near=1e400', '/near/1', 'must be a finite number'],
    ['near=2.5&near=%2B1', '/near/1', 'must be written as a decimal number'],
    ['ids=Infinity', '/ids/0', 'must be written as a decimal integer'],
    ['refs=1&refs=Infinity', '/refs/1', 'must be written as a decimal integer'],
    // Found in review: a `$ref`'d integer was read by the JSON-number rule, so 1e1 passed.
    ['refs=1e1', '/refs/0', 'must be written as a decimal integer'],
    ['limit=1e1', '/limit', 'must be written as a decimal integer'],
    ['pages=2&pages=1.0', '/pages/1', 'must be written as a decimal integer'],
  ])('refuse %s, a number only to a loose parser, item by item', (query, pointer, message) => {
    const result = request(query);
    expect(result.violations).toMatchObject([{ location: 'query', pointer, keyword: 'type' }]);
    expect(result.violations[0]?.message).toContain(message);
  });

  it('refuse NaN as no number', () => {
    expect(request('ids=1&ids=NaN').violations).toMatchObject([{ pointer: '/ids/1', keyword: 'type' }]);
  });

  it('take numbers written as JSON writes them', () => {
    const result = request('ids=1&ids=-20&near=2.5&near=1e3&refs=7');
    expect(result.violations).toEqual([]);
    expect(result.query).toEqual({ ids: [1, -20], near: [2.5, 1000], refs: [7] });
  });

  it('take numbers written as JSON writes them, through $refs', () => {
    const result = request('limit=10&pages=1&pages=2');
    expect(result.violations).toEqual([]);
    expect(result.query).toEqual({ limit: 10, pages: [1, 2] });
  });

  it('read a $ref’d integer header as written', () => {
    const result = contract.validateRequest({ method: 'GET', path: '/things', headers: { 'x-limit': '1e1' } });
    expect(result.violations).toMatchObject([{ location: 'header', pointer: '/x-limit', keyword: 'type' }]);
    expect(result.violations[0]?.message).toContain('must be written as a decimal integer');
  });

  // Found in review: explode: false was not split at commas, so the list was one value and no integer.
  it('check an explode: false list item by item', () => {
    expect(request('packed=1,2').violations).toEqual([]);
    expect(request('packed=1,Infinity').violations).toMatchObject([{ pointer: '/packed/1', keyword: 'type' }]);
  });

  it('read a $ref’d integer response header as written', () => {
    const answer = (count: string) =>
      contract.validateResponse({ operationId: 'list-things', status: 200, headers: { 'x-count': count } }).violations;
    expect(answer('10')).toEqual([]);
    expect(answer('1e1')).toMatchObject([{ location: 'response.header', pointer: '/x-count', keyword: 'type' }]);
  });
});
