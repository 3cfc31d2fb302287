import { getContract } from '@assetkit/contract';
import { describe, expect, it } from 'vitest';
import { rateLimitHeaders, validAsset } from '../../test/fixtures.js';
import { type CheckedResponse, checkResponse } from './response-checks.js';

const contract = getContract('webflow-assets');

function check(overrides: Partial<CheckedResponse> & { body?: unknown } = {}) {
  const { body = validAsset(), ...rest } = overrides;
  return checkResponse(contract, {
    operationId: 'get-asset',
    method: 'GET',
    status: 200,
    headers: rateLimitHeaders(),
    text: JSON.stringify(body),
    expected: [200],
    strict: false,
    ...rest,
  });
}

function failed(results: ReturnType<typeof check>) {
  return results.filter((r) => !r.passed).map((r) => ({ check: r.check, pointers: r.failures.map((f) => f.pointer) }));
}

describe('checkResponse', () => {
  it('passes every check for a response that matches the contract', () => {
    const results = check();
    expect(results.map((r) => r.check)).toEqual([
      'expected-status',
      'status-documented',
      'content-type',
      'headers',
      'body-schema',
    ]);
    expect(results.every((r) => r.passed)).toBe(true);
  });

  it.each([
    {
      name: 'a variant height sent as a string fails body-schema at its pointer',
      given: () => {
        const body = validAsset();
        (body.variants as Record<string, unknown>[])[0] = { ...(body.variants as object[])[0], height: '500' };
        return { body };
      },
      want: [{ check: 'body-schema', pointers: ['/variants/0/height'] }],
    },
    {
      name: 'a missing id fails body-schema at /id',
      given: () => {
        const { id: _, ...body } = validAsset();
        return { body };
      },
      want: [{ check: 'body-schema', pointers: ['/id'] }],
    },
    {
      name: 'missing rate-limit headers fail the headers check',
      given: () => ({ headers: new Headers({ 'content-type': 'application/json' }) }),
      want: [{ check: 'headers', pointers: ['/x-ratelimit-limit', '/x-ratelimit-remaining'] }],
    },
    {
      name: 'a text/plain body fails the content-type check',
      given: () => ({ headers: rateLimitHeaders({ 'content-type': 'text/plain' }) }),
      want: [{ check: 'content-type', pointers: ['/content-type'] }],
    },
    {
      name: 'an undocumented status fails status-documented and the expected status, and nothing else is checked',
      given: () => ({ status: 202 }),
      want: [
        { check: 'expected-status', pointers: [''] },
        { check: 'status-documented', pointers: [''] },
      ],
    },
    {
      name: 'a body that is not JSON fails body-schema at the root',
      given: () => ({ text: '{"id": ' }),
      want: [{ check: 'body-schema', pointers: [''] }],
    },
  ])('$name', ({ given, want }) => {
    const { body, ...rest } = given() as Partial<CheckedResponse> & { body?: unknown };
    expect(failed(check({ ...(body !== undefined && { body }), ...rest }))).toEqual(want);
  });

  // Found in review: the decoder dropped a byte order mark and JSON.parse kept the second of two
  // names, so both passed, though clients that refuse a BOM or keep the first name read otherwise.
  it('fails body-schema for a byte order mark before the JSON, and for a name twice in one object', () => {
    const text = JSON.stringify(validAsset());
    const bom = check({ bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]), text });
    expect(bom.find((r) => r.check === 'body-schema')?.failures).toEqual([
      expect.objectContaining({ pointer: '', keyword: 'json', message: expect.stringContaining('byte order mark') }),
    ]);
    const twice = `{"altText":"first",${text.slice(1)}`;
    expect(failed(check({ text: twice, bytes: new TextEncoder().encode(twice) }))).toEqual([
      { check: 'body-schema', pointers: ['/altText'] },
    ]);
    // The same body, once, passes: what fails is the mark and the repeated name.
    expect(failed(check({ text, bytes: new TextEncoder().encode(text) }))).toEqual([]);
  });

  it('reports an undocumented property only in strict mode', () => {
    const body = { ...validAsset(), sandboxDrift: true };
    expect(failed(check({ body }))).toEqual([]);
    expect(failed(check({ body, strict: true }))).toEqual([{ check: 'body-schema', pointers: ['/sandboxDrift'] }]);
  });

  it('fails expected-status for a documented but unexpected status, naming both', () => {
    const body = { code: 'resource_not_found', message: 'gone', externalReference: null, details: [] };
    const [expected, ...contractChecks] = check({ status: 404, body });
    expect(expected?.failures[0]).toMatchObject({ expected: '200', actual: '404' });
    expect(contractChecks.every((r) => r.passed)).toBe(true);
  });

  it('splits "must be X, got Y" messages into expected and actual', () => {
    const body = validAsset();
    body.size = 'big';
    const failure = check({ body }).find((r) => r.check === 'body-schema')?.failures[0];
    expect(failure).toMatchObject({ pointer: '/size', expected: expect.stringContaining('integer'), actual: '"big"' });
    expect(failure?.schemaPath).toMatch(/^#\/components\/schemas\/Asset/);
  });
});
