import { describe, expect, it } from 'vitest';
import { apiNames, getContract } from './contract.js';
import type { ApiName } from './generated/registry.js';
import type { RequestInput } from './validation/request-validator.js';
import type { Violation } from './validation/violation.js';

describe('apiNames and getContract', () => {
  it('list every spec in openapi/, each compiled through the same code path', () => {
    expect(apiNames()).toEqual(['webflow-assets', 'konifer-assets']);
    for (const name of apiNames()) {
      expect(getContract(name).operations.length).toBeGreaterThan(0);
      expect(getContract(name)).toBe(getContract(name));
    }
  });

  it('refuse an unknown API, naming the known ones', () => {
    expect(() => getContract('nope' as ApiName)).toThrow(/known: webflow-assets, konifer-assets/);
  });

  it("render each API's errors in its own shape", () => {
    const facts = { code: 'validation_error', message: 'Alt exceeds max length of 125' };
    expect(getContract('konifer-assets').errorBody(facts)).toEqual({ message: 'Alt exceeds max length of 125' });
    expect(getContract('webflow-assets').errorBody(facts)).toMatchObject({ code: 'validation_error' });
  });
});

describe('the konifer-assets contract', () => {
  const contract = getContract('konifer-assets');
  const put = (body: unknown): RequestInput => ({
    method: 'PUT',
    path: '/assets/users/123/-/entry/0',
    headers: { 'content-type': 'application/json' },
    body,
  });

  const rejected: [string, RequestInput, Partial<Violation>[]][] = [
    ['alt of 126 characters', put({ alt: 'a'.repeat(126) }), [{ pointer: '/alt', keyword: 'maxLength' }]],
    [
      '51 labels',
      put({ labels: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }),
      [{ pointer: '/labels', keyword: 'maxProperties' }],
    ],
    [
      'a label key of 129',
      put({ labels: { ['k'.repeat(129)]: 'v' } }),
      [{ pointer: `/labels/${'k'.repeat(129)}`, keyword: 'maxLength' }],
    ],
    ['a label value of 257', put({ labels: { k: 'v'.repeat(257) } }), [{ pointer: '/labels/k', keyword: 'maxLength' }]],
    [
      '51 tags',
      put({ tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }),
      [{ pointer: '/tags', keyword: 'maxItems' }],
    ],
    ['a tag of 257', put({ tags: ['t'.repeat(257)] }), [{ pointer: '/tags/0', keyword: 'maxLength' }]],
    [
      'a path with a - segment',
      { method: 'DELETE', path: '/assets/a/-/b' },
      [{ location: 'path', pointer: '/path', keyword: 'pattern' }],
    ],
    [
      'a path with a space',
      { method: 'DELETE', path: '/assets/a%20b' },
      [{ location: 'path', pointer: '/path', keyword: 'pattern' }],
    ],
    [
      'a negative entryId',
      { method: 'DELETE', path: '/assets/a/-/entry/-1' },
      [{ location: 'path', pointer: '/entryId', keyword: 'minimum' }],
    ],
    [
      'an entryId that is not a number',
      { method: 'DELETE', path: '/assets/a/-/entry/x' },
      [{ pointer: '/entryId', keyword: 'type' }],
    ],
    [
      'limit=abc',
      { method: 'GET', path: '/assets/a/-/metadata', query: 'limit=abc' },
      [{ pointer: '/limit', keyword: 'type' }],
    ],
    [
      'limit=2 on a recursive delete',
      { method: 'DELETE', path: '/assets/a/-/recursive', query: 'limit=2' },
      [{ pointer: '/limit', keyword: 'maximum' }],
    ],
    [
      'a transformation parameter as a label filter',
      { method: 'GET', path: '/assets/a/-/metadata', query: 'w=100' },
      [
        {
          location: 'query',
          pointer: '/w',
          keyword: 'not',
          message: expect.stringContaining('query parameter name "w" must not be one of'),
        },
      ],
    ],
  ];

  it.each(rejected)('rejects %s', (_name, input, want) => {
    const result = contract.validateRequest(input);
    expect(result.violations).toHaveLength(want.length);
    want.forEach((w, i) => {
      expect(result.violations[i]).toMatchObject(w);
    });
  });

  it('gathers undocumented query names as label filters, beside limit', () => {
    const result = contract.validateRequest({
      method: 'GET',
      path: '/assets/users/123/-/new/metadata',
      query: 'limit=-1&department=engineering&label:w=wide',
    });
    expect(result).toMatchObject({
      valid: true,
      query: { limit: -1, labels: { department: 'engineering', 'label:w': 'wide' } },
      pathParams: { path: 'users/123' },
    });
  });

  it('accepts a full-replacement PUT that clears every field', () => {
    expect(contract.validateRequest(put({ alt: null, labels: {}, tags: [] })).violations).toEqual([]);
  });

  it('documents a 404 without a body for a missing asset, and one with {message} for a missing PUT target', () => {
    const get404 = { operationId: 'get-entry-metadata', status: 404, headers: {} };
    expect(contract.validateResponse(get404).violations).toEqual([]);
    expect(
      contract.validateResponse({ ...get404, headers: { 'content-type': 'application/json' }, rawBody: '{}' }).valid,
    ).toBe(false);
    const put404 = { operationId: 'update-asset', status: 404, headers: { 'content-type': 'application/json' } };
    expect(
      contract.validateResponse({ ...put404, body: { message: 'Asset not found with path: a, entryId: 1' } }).valid,
    ).toBe(true);
    expect(contract.validateResponse({ ...put404, body: {} }).violations).toMatchObject([
      { pointer: '/message', keyword: 'required' },
    ]);
  });

  // Both branches of the metadata answer (one asset, or a list of them) reach the asset schema:
  // the list's item errors were taken for the single asset's, and the answer said "must be object".
  it.each([
    ['a list of one asset', (a: object) => [a], '/0'],
    ['one asset', (a: object) => a, ''],
  ])('reports what is wrong inside %s, in the branch it came from', (_name, wrap, at) => {
    const asset = { class: 'image', entryId: 'x', labels: {}, tags: [], source: 'upload', variants: [] };
    const result = contract.validateResponse({
      operationId: 'get-metadata',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: wrap(asset),
    });
    expect(result.violations.map((v) => [v.pointer, v.keyword])).toEqual([
      [`${at}/entryId`, 'type'],
      [`${at}/variants`, 'minItems'],
      [`${at}/variants`, 'contains'],
    ]);
  });
});
