import { describe, expect, it } from 'vitest';
import { createContract } from '../contract.js';
import type { OpenApiDocument } from '../openapi-document.js';

/** A third-party spec whose one response documents an integer header with `~` and `/` in its name. */
const document: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'header-names', version: '1' },
  paths: {
    '/things': {
      get: {
        operationId: 'list-things',
        responses: {
          '204': {
            description: 'no content',
            headers: { 'X-Quota~Left/Day': { required: true, schema: { type: 'integer' } } },
          },
        },
      },
    },
  },
};
const contract = createContract({ name: 'header-names', document });
const answer = (value: string) =>
  contract.validateResponse({ operationId: 'list-things', status: 204, headers: { 'x-quota~left/day': value } });

// Found in review: the loose-number check wrote the header's name into the pointer unescaped.
describe('a documented response header whose name has ~ or / in it', () => {
  it('is named by an RFC 6901 pointer when its number is written loosely', () => {
    expect(answer('0x3C').violations).toMatchObject([
      { location: 'response.header', pointer: '/x-quota~0left~1day', keyword: 'type', actual: '0x3C' },
    ]);
  });

  it('is reported once when it is no number, by the schema', () => {
    expect(answer('lots').violations).toMatchObject([
      { location: 'response.header', pointer: '/x-quota~0left~1day', keyword: 'type' },
    ]);
  });

  it('passes when well written', () => {
    expect(answer('60').violations).toEqual([]);
  });
});
