import { describe, expect, it } from 'vitest';
import { fixture, JSON_HEADERS, RATE_LIMIT_HEADERS } from '../../test/helpers.js';
import { getContract } from '../contract.js';
import type { Precondition } from './preconditions.js';
import type { Violation } from './violation.js';

const contract = getContract('webflow-assets');
const asset = () =>
  fixture<Record<string, unknown> & { variants: Record<string, unknown>[] }>('seed-001-v2-patch-asset-200.json');

interface Case {
  operationId: string;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  strict?: boolean;
  want: Partial<Violation>[];
}

const cases: [string, Case][] = [
  [
    'a variant height sent as the string "500"',
    {
      operationId: 'get-asset',
      body: (() => {
        const a = asset();
        (a.variants[0] as Record<string, unknown>).height = '500';
        return a;
      })(),
      want: [
        {
          location: 'response.body',
          pointer: '/variants/0/height',
          keyword: 'type',
          schemaPath: '#/components/schemas/AssetVariant/properties/height/type',
          message: 'must be integer or null, got string "500"',
          actual: '500',
        },
      ],
    },
  ],
  [
    'a size of 1e400, which JSON.parse turns into Infinity',
    {
      operationId: 'get-asset',
      rawBody: JSON.stringify(asset()).replace('"size":2212772', '"size":1e400'),
      want: [{ location: 'response.body', pointer: '/size', keyword: 'type' }],
    },
  ],
  [
    'a missing id',
    {
      operationId: 'get-asset',
      body: (() => {
        const { id: _id, ...rest } = asset();
        return rest;
      })(),
      want: [
        {
          location: 'response.body',
          pointer: '/id',
          keyword: 'required',
          schemaPath: '#/components/schemas/Asset/required',
        },
      ],
    },
  ],
  [
    'altText absent (it is required, though nullable)',
    {
      operationId: 'patch-asset',
      body: (() => {
        const { altText: _alt, ...rest } = asset();
        return rest;
      })(),
      want: [
        {
          location: 'response.body',
          pointer: '/altText',
          keyword: 'required',
          message: 'required property "altText" is missing',
        },
      ],
    },
  ],
  [
    'status 418, which no operation documents',
    {
      operationId: 'get-asset',
      status: 418,
      body: asset(),
      want: [{ location: 'response.status', pointer: '', keyword: 'status', actual: 418 }],
    },
  ],
  [
    'an HTML body where JSON is documented',
    {
      operationId: 'get-asset',
      headers: { ...RATE_LIMIT_HEADERS, 'content-type': 'text/html' },
      rawBody: '<html></html>',
      want: [{ location: 'response.header', pointer: '/content-type', keyword: 'contentType' }],
    },
  ],
  [
    'a body that is not JSON although labelled so',
    {
      operationId: 'get-asset',
      rawBody: '{"id": ',
      want: [{ location: 'response.body', pointer: '', keyword: 'json' }],
    },
  ],
  [
    'a 429 without Retry-After',
    {
      operationId: 'list-assets',
      status: 429,
      body: { code: 'too_many_requests', message: 'Too many requests', externalReference: null, details: [] },
      want: [
        {
          location: 'response.header',
          pointer: '/retry-after',
          keyword: 'required',
          message: 'required header "retry-after" is missing',
        },
      ],
    },
  ],
  [
    'X-RateLimit-Remaining that is not a number',
    {
      operationId: 'get-asset',
      headers: { ...JSON_HEADERS, 'x-ratelimit-remaining': 'lots' },
      body: asset(),
      want: [
        {
          location: 'response.header',
          pointer: '/x-ratelimit-remaining',
          keyword: 'type',
          schemaPath: '#/components/headers/X-RateLimit-Remaining/schema/type',
        },
      ],
    },
  ],
  [
    'a 204 that carries a body',
    {
      operationId: 'delete-asset',
      status: 204,
      headers: RATE_LIMIT_HEADERS,
      rawBody: '{}',
      want: [{ location: 'response.body', pointer: '', keyword: 'body' }],
    },
  ],
  [
    'an error detail whose field is a number (reported inside the matching anyOf branch)',
    {
      operationId: 'get-asset',
      status: 400,
      body: {
        code: 'validation_error',
        message: 'x',
        externalReference: null,
        details: [{ field: 5, message: 'bad' }],
      },
      want: [
        {
          location: 'response.body',
          pointer: '/details/0/field',
          keyword: 'type',
          message: 'must be string, got number 5',
        },
      ],
    },
  ],
  [
    'an error detail that is neither a string nor an object',
    {
      operationId: 'get-asset',
      status: 400,
      body: { code: 'validation_error', message: 'x', details: [7] },
      want: [
        {
          location: 'response.body',
          pointer: '/details/0',
          keyword: 'type',
          message: 'must be string or object, got number 7',
        },
      ],
    },
  ],
  [
    'an undocumented property, in strict mode only',
    {
      operationId: 'get-asset',
      strict: true,
      body: { ...asset(), colour: 'blue' },
      want: [
        {
          location: 'response.body',
          pointer: '/colour',
          keyword: 'unevaluatedProperties',
          message: 'undocumented property "colour"',
        },
      ],
    },
  ],
  [
    'an undocumented property in a nested variant, in strict mode',
    {
      operationId: 'get-asset',
      strict: true,
      body: (() => {
        const a = asset();
        (a.variants[0] as Record<string, unknown>).dpi = 72;
        return a;
      })(),
      want: [{ location: 'response.body', pointer: '/variants/0/dpi', keyword: 'unevaluatedProperties' }],
    },
  ],
];

describe('validateResponse', () => {
  it.each(cases)('reports %s', (_name, c) => {
    const result = contract.validateResponse({
      operationId: c.operationId,
      status: c.status ?? 200,
      headers: c.headers ?? JSON_HEADERS,
      ...(c.body === undefined ? {} : { body: c.body }),
      ...(c.rawBody === undefined ? {} : { rawBody: c.rawBody }),
      strict: c.strict ?? false,
    });
    expect(result.valid).toBe(false);
    expect(result.violations).toHaveLength(c.want.length);
    c.want.forEach((want, i) => {
      expect(result.violations[i]).toMatchObject(want);
    });
  });

  // ajv's coercion reads all of these as numbers; a client reads the header as it is written.
  it.each(['0x3C', '6e1', '+60', '60.0', 'Infinity', '99999999999999999999', ' 60'])(
    'reports X-RateLimit-Limit written as %j, an integer only to a loose parser',
    (written) => {
      const result = contract.validateResponse({
        operationId: 'get-asset',
        status: 200,
        headers: { ...JSON_HEADERS, 'x-ratelimit-limit': written },
        body: asset(),
      });
      expect(result.violations).toMatchObject([
        { location: 'response.header', pointer: '/x-ratelimit-limit', keyword: 'type', actual: written },
      ]);
    },
  );

  it('reports a number header that is no number once, by the schema', () => {
    const result = contract.validateResponse({
      operationId: 'get-asset',
      status: 200,
      headers: { ...JSON_HEADERS, 'x-ratelimit-limit': 'lots' },
      body: asset(),
    });
    expect(result.violations).toHaveLength(1);
    expect(result.violations[0]).toMatchObject({ pointer: '/x-ratelimit-limit', keyword: 'type' });
  });

  it('tolerates an undocumented property outside strict mode, so a new Webflow field is not an outage', () => {
    const result = contract.validateResponse({
      operationId: 'get-asset',
      status: 200,
      headers: JSON_HEADERS,
      body: { ...asset(), colour: 'blue' },
    });
    expect(result).toEqual({ valid: true, violations: [] });
  });

  it('accepts list items with folderId in strict mode (allOf composition stays open to its parts)', () => {
    const item = { ...asset(), folderId: null };
    const body = { assets: [item], pagination: { limit: 100, offset: 0, total: 1 } };
    expect(
      contract.validateResponse({ operationId: 'list-assets', status: 200, headers: JSON_HEADERS, body, strict: true })
        .violations,
    ).toEqual([]);
    const missing = { assets: [asset()], pagination: { limit: 100, offset: 0, total: 1 } };
    expect(
      contract.validateResponse({ operationId: 'list-assets', status: 200, headers: JSON_HEADERS, body: missing })
        .violations,
    ).toMatchObject([{ pointer: '/assets/0/folderId', keyword: 'required' }]);
  });

  it('parses raw bytes as UTF-8 JSON', () => {
    const rawBody = new TextEncoder().encode(JSON.stringify(asset()));
    expect(
      contract.validateResponse({ operationId: 'get-asset', status: 200, headers: JSON_HEADERS, rawBody }).valid,
    ).toBe(true);
  });

  it('accepts a 204 with no body and no content type', () => {
    expect(
      contract.validateResponse({ operationId: 'delete-asset', status: 204, headers: RATE_LIMIT_HEADERS }).violations,
    ).toEqual([]);
  });

  describe('a 304 (preconditions: the request carried If-None-Match or If-Modified-Since)', () => {
    const notModified = (
      operationId: string,
      input: { preconditions?: readonly Precondition[]; [k: string]: unknown },
    ) => contract.validateResponse({ operationId, status: 304, ...input }).violations;
    const VALIDATORS = { etag: '"v1"', 'cache-control': 'private, max-age=0' };
    const IF_NONE_MATCH: Precondition[] = ['if-none-match'];

    it('is valid to a conditional GET (or its HEAD) without being documented, with no rate headers required', () => {
      expect(notModified('get-asset', { preconditions: IF_NONE_MATCH, headers: VALIDATORS })).toEqual([]);
      expect(notModified('get-asset', { preconditions: ['if-modified-since'], headers: VALIDATORS })).toEqual([]);
      expect(
        notModified('list-assets', { preconditions: IF_NONE_MATCH, headers: { ...VALIDATORS, ...RATE_LIMIT_HEADERS } }),
      ).toEqual([]);
      expect(notModified('get-asset', { preconditions: IF_NONE_MATCH, headers: VALIDATORS, head: true })).toEqual([]);
      expect(
        getContract('konifer-assets').validateResponse({
          operationId: 'get-entry-metadata',
          status: 304,
          preconditions: IF_NONE_MATCH,
          headers: VALIDATORS,
        }).violations,
      ).toEqual([]);
    });

    it('is an undocumented status without a precondition it answers, or to a method other than GET', () => {
      expect(notModified('get-asset', { headers: VALIDATORS }).map((v) => v.location)).toEqual(['response.status']);
      expect(
        notModified('get-asset', { preconditions: ['if-match', 'if-unmodified-since'], headers: VALIDATORS }).map(
          (v) => v.location,
        ),
      ).toEqual(['response.status']);
      expect(
        notModified('patch-asset', { preconditions: IF_NONE_MATCH, headers: VALIDATORS }).map((v) => v.location),
      ).toEqual(['response.status']);
    });

    it('has no content, and the headers the 200 documents are well-formed where sent', () => {
      expect(notModified('get-asset', { preconditions: IF_NONE_MATCH, rawBody: '{}' }).map((v) => v.message)).toEqual([
        'status 304 has no content (RFC 9110 §15.4.5), but a body was sent',
      ]);
      expect(
        notModified('get-asset', {
          preconditions: IF_NONE_MATCH,
          headers: { 'x-ratelimit-limit': 'many', 'x-ratelimit-remaining': '1' },
        }).map((v) => v.pointer),
      ).toEqual(['/x-ratelimit-limit']);
    });
  });

  describe('a 412 (preconditions: If-Match, If-Unmodified-Since, or If-None-Match to a method other than GET)', () => {
    const failed = (operationId: string, input: { preconditions?: readonly Precondition[]; [k: string]: unknown }) =>
      contract.validateResponse({ operationId, status: 412, ...input }).violations;
    const ERROR = {
      code: 'precondition_failed',
      message: 'the asset changed since you read it',
      externalReference: null,
      details: [],
    };

    it('is valid without being documented when the request carried a precondition a 412 answers', () => {
      for (const preconditions of [['if-match'], ['if-unmodified-since'], ['if-match', 'if-none-match']] as const) {
        expect(failed('patch-asset', { preconditions, headers: JSON_HEADERS, body: ERROR })).toEqual([]);
        expect(failed('delete-asset', { preconditions, headers: JSON_HEADERS, body: ERROR })).toEqual([]);
        // A GET's If-Match fails with a 412 too (RFC 9110 §13.1.1).
        expect(failed('get-asset', { preconditions, headers: JSON_HEADERS, body: ERROR })).toEqual([]);
      }
      // If-None-Match fails with a 412 to any method but GET and HEAD (§13.1.2).
      expect(failed('patch-asset', { preconditions: ['if-none-match'], headers: JSON_HEADERS, body: ERROR })).toEqual(
        [],
      );
      // No rate headers are required (a cache in between may answer), and no body either.
      expect(failed('patch-asset', { preconditions: ['if-match'] })).toEqual([]);
      expect(
        getContract('konifer-assets').validateResponse({
          operationId: 'update-asset',
          status: 412,
          preconditions: ['if-match'],
        }).violations,
      ).toEqual([]);
    });

    it('is an undocumented status without such a precondition', () => {
      const statusOnly = (
        input: { preconditions?: readonly Precondition[]; head?: boolean },
        operationId = 'patch-asset',
      ) => failed(operationId, { headers: JSON_HEADERS, body: ERROR, ...input }).map((v) => v.location);
      expect(statusOnly({})).toEqual(['response.status']);
      expect(statusOnly({ preconditions: [] })).toEqual(['response.status']);
      // If-Modified-Since is ignored by any method but GET and HEAD (§13.1.3): it never fails with a 412.
      expect(statusOnly({ preconditions: ['if-modified-since'] })).toEqual(['response.status']);
      // A failed If-None-Match to a GET or its HEAD is a 304, not a 412.
      expect(statusOnly({ preconditions: ['if-none-match'] }, 'get-asset')).toEqual(['response.status']);
      expect(statusOnly({ preconditions: ['if-none-match'], head: true }, 'get-asset')).toEqual(['response.status']);
    });

    it('has a body, if any, in the shape of the operation’s documented 400 (Webflow’s Error), headers well-formed where sent', () => {
      expect(
        failed('patch-asset', { preconditions: ['if-match'], headers: JSON_HEADERS, body: { error: 'stale' } }).map(
          (v) => [v.pointer, v.keyword],
        ),
      ).toEqual([
        ['/code', 'required'],
        ['/message', 'required'],
      ]);
      expect(
        failed('patch-asset', {
          preconditions: ['if-match'],
          headers: { 'content-type': 'text/html' },
          rawBody: '<h1>412</h1>',
        }).map((v) => v.pointer),
      ).toEqual(['/content-type']);
      expect(
        failed('patch-asset', {
          preconditions: ['if-match'],
          headers: { ...JSON_HEADERS, 'x-ratelimit-limit': 'many' },
          body: ERROR,
        }).map((v) => v.pointer),
      ).toEqual(['/x-ratelimit-limit']);
    });
  });

  describe('the answer to a HEAD (head: true)', () => {
    const head = (status: number, headers: Record<string, string>) =>
      contract.validateResponse({ operationId: 'get-asset', status, headers, head: true }).violations;

    it('needs no content, with or without the Content-Type the GET would have', () => {
      expect(head(200, JSON_HEADERS)).toEqual([]);
      expect(head(200, RATE_LIMIT_HEADERS)).toEqual([]);
    });

    it('still checks the status, the documented headers and a Content-Type that is sent', () => {
      expect(head(202, JSON_HEADERS).map((v) => v.location)).toEqual(['response.status']);
      expect(
        head(200, {
          'content-type': 'application/json',
          'x-ratelimit-limit': 'many',
          'x-ratelimit-remaining': '1',
        }).map((v) => v.pointer),
      ).toEqual(['/x-ratelimit-limit']);
      expect(head(200, { ...RATE_LIMIT_HEADERS, 'content-type': 'text/html' }).map((v) => v.message)).toEqual([
        'Content-Type text/html is not documented; documented: application/json',
      ]);
    });

    it('is what lets an empty body pass: the same answer to a GET is missing its body', () => {
      expect(
        contract.validateResponse({ operationId: 'get-asset', status: 200, headers: RATE_LIMIT_HEADERS }).violations,
      ).not.toEqual([]);
    });
  });

  describe('skipBody: the status, headers and content type only', () => {
    const broken = '{"id": 42, "not json';
    const check = (input: { status?: number; headers?: Record<string, string>; rawBody?: string }) =>
      contract.validateResponse({
        operationId: 'get-asset',
        status: 200,
        headers: JSON_HEADERS,
        rawBody: broken,
        skipBody: true,
        ...input,
      }).violations;

    it('neither parses nor checks the body', () => {
      expect(check({})).toEqual([]);
      // The same answer, body checked: it is not even JSON.
      expect(
        contract.validateResponse({ operationId: 'get-asset', status: 200, headers: JSON_HEADERS, rawBody: broken })
          .violations,
      ).toMatchObject([{ location: 'response.body', keyword: 'json' }]);
    });

    it('still checks the status, the documented headers and the content type', () => {
      expect(check({ status: 202 }).map((v) => v.location)).toEqual(['response.status']);
      expect(check({ headers: { 'content-type': 'application/json' } }).map((v) => v.pointer)).toEqual([
        '/x-ratelimit-limit',
        '/x-ratelimit-remaining',
      ]);
      expect(check({ headers: { ...RATE_LIMIT_HEADERS, 'content-type': 'text/plain' } }).map((v) => v.keyword)).toEqual(
        ['contentType'],
      );
      expect(check({ headers: RATE_LIMIT_HEADERS }).map((v) => v.message)).toEqual([
        'Content-Type is missing; documented: application/json',
      ]);
    });

    it('still reports a body where the status documents none', () => {
      expect(
        contract
          .validateResponse({
            operationId: 'delete-asset',
            status: 204,
            headers: RATE_LIMIT_HEADERS,
            rawBody: '{}',
            skipBody: true,
          })
          .violations.map((v) => v.keyword),
      ).toEqual(['body']);
    });
  });

  it('lists every problem at once', () => {
    const a = asset();
    const { id: _id, ...rest } = a;
    const body = { ...rest, size: -1, hostedUrl: 'not a uri', createdOn: 'yesterday' };
    const pointers = contract
      .validateResponse({ operationId: 'get-asset', status: 200, headers: JSON_HEADERS, body })
      .violations.map((v) => v.pointer);
    expect(pointers.sort()).toEqual(['/createdOn', '/hostedUrl', '/id', '/size']);
  });

  it('refuses an unknown operationId loudly (a programming error, not a violation)', () => {
    expect(() => contract.validateResponse({ operationId: 'get-nothing', status: 200 })).toThrow(/unknown operationId/);
  });
});
