import { describe, expect, it } from 'vitest';
import { getContract } from '../contract.js';
import type { RequestInput } from './request-validator.js';
import { problemCount, type Violation } from './violation.js';

const contract = getContract('webflow-assets');
const SITE = '580e63e98c9a982ac9b8b741';
const ASSET = '580e63fc8c9a982ac9b8b745';
const JSON_TYPE = { 'content-type': 'application/json' };

const cases: [string, RequestInput, Partial<Violation>[]][] = [
  [
    'limit=0',
    { method: 'GET', path: `/v2/sites/${SITE}/assets`, query: 'limit=0' },
    [
      {
        location: 'query',
        pointer: '/limit',
        keyword: 'minimum',
        schemaPath: '#/components/parameters/Limit/schema/minimum',
        actual: 0,
      },
    ],
  ],
  [
    'limit=101',
    { method: 'GET', path: `/v2/sites/${SITE}/assets`, query: 'limit=101' },
    [{ location: 'query', pointer: '/limit', keyword: 'maximum', message: 'must be <= 100, got number 101' }],
  ],
  [
    'limit=abc',
    { method: 'GET', path: `/v2/sites/${SITE}/assets`, query: 'limit=abc' },
    [{ location: 'query', pointer: '/limit', keyword: 'type', message: 'must be integer, got string "abc"' }],
  ],
  [
    'limit=Infinity (coerced to a non-finite number)',
    { method: 'GET', path: `/v2/sites/${SITE}/assets`, query: 'limit=Infinity' },
    [{ location: 'query', pointer: '/limit', keyword: 'type' }],
  ],
  [
    'offset=1e400 (a number too large to be finite)',
    { method: 'GET', path: `/v2/sites/${SITE}/assets`, query: 'offset=1e400' },
    [{ location: 'query', pointer: '/offset', keyword: 'type' }],
  ],
  [
    'a repeated limit',
    { method: 'GET', path: `/v2/sites/${SITE}/assets`, query: 'limit=1&limit=2' },
    [{ location: 'query', pointer: '/limit', keyword: 'type' }],
  ],
  [
    'an undocumented query parameter, with a suggestion',
    { method: 'GET', path: `/v2/sites/${SITE}/assets`, query: 'limt=10' },
    [
      {
        location: 'query',
        pointer: '/limt',
        keyword: 'additionalProperties',
        message: 'unknown query parameter "limt"; did you mean "limit"?',
      },
    ],
  ],
  [
    'a folderId that is not an ObjectId',
    { method: 'GET', path: `/v2/sites/${SITE}/assets`, query: { folderId: 'root' } },
    [
      {
        location: 'query',
        pointer: '/folderId',
        keyword: 'format',
        schemaPath: '#/components/schemas/ObjectId/format',
      },
    ],
  ],
  [
    'a 24-character id with a g in it',
    { method: 'GET', path: '/v2/assets/580e63fc8c9a982ac9b8b74g' },
    [{ location: 'path', pointer: '/asset_id', keyword: 'format', actual: '580e63fc8c9a982ac9b8b74g' }],
  ],
  [
    'an id with an encoded slash (path traversal attempt)',
    { method: 'GET', path: '/v2/assets/..%2F..%2Fetc%2Fpasswd' },
    [{ location: 'path', pointer: '/asset_id', keyword: 'format', actual: '../../etc/passwd' }],
  ],
  [
    'fileHash that is not hex',
    {
      method: 'POST',
      path: `/v2/sites/${SITE}/assets`,
      headers: JSON_TYPE,
      body: { fileName: 'a.png', fileHash: 'z'.repeat(32) },
    },
    [
      {
        location: 'body',
        pointer: '/fileHash',
        keyword: 'pattern',
        schemaPath: '#/components/schemas/AssetUploadRequest/properties/fileHash/pattern',
      },
    ],
  ],
  [
    'a fileName of 100 characters',
    {
      method: 'POST',
      path: `/v2/sites/${SITE}/assets`,
      headers: JSON_TYPE,
      body: { fileName: `${'a'.repeat(96)}.png`, fileHash: 'a'.repeat(32) },
    },
    [
      {
        location: 'body',
        pointer: '/fileName',
        keyword: 'maxLength',
        message: 'must be at most 99 characters long, got 100',
      },
    ],
  ],
  [
    // Found in review: the message counted UTF-16 units ("got 196") where ajv counts code points.
    'a fileName of 100 emoji',
    {
      method: 'POST',
      path: `/v2/sites/${SITE}/assets`,
      headers: JSON_TYPE,
      body: { fileName: `${'😀'.repeat(96)}.png`, fileHash: 'a'.repeat(32) },
    },
    [
      {
        location: 'body',
        pointer: '/fileName',
        keyword: 'maxLength',
        message: 'must be at most 99 characters long, got 100',
      },
    ],
  ],
  [
    'a missing required body field',
    { method: 'POST', path: `/v2/sites/${SITE}/assets`, headers: JSON_TYPE, body: { fileName: 'a.png' } },
    [
      {
        location: 'body',
        pointer: '/fileHash',
        keyword: 'required',
        message: 'required property "fileHash" is missing',
      },
    ],
  ],
  [
    'an extra body field (alttext for altText)',
    { method: 'PATCH', path: `/v2/assets/${ASSET}`, headers: JSON_TYPE, body: { alttext: 'x' } },
    [
      {
        location: 'body',
        pointer: '/alttext',
        keyword: 'additionalProperties',
        message: 'unknown property "alttext"; did you mean "altText"?',
      },
    ],
  ],
  [
    'a __proto__ key in the body',
    { method: 'PATCH', path: `/v2/assets/${ASSET}`, headers: JSON_TYPE, rawBody: '{"__proto__": {"admin": true}}' },
    [{ location: 'body', pointer: '/__proto__', keyword: 'additionalProperties' }],
  ],
  [
    'a lone surrogate escape in a value (parsers read it differently)',
    { method: 'PATCH', path: `/v2/assets/${ASSET}`, headers: JSON_TYPE, rawBody: '{"altText":"ok \\ud83d"}' },
    [{ location: 'body', pointer: '/altText', keyword: 'json' }],
  ],
  [
    'a lone low surrogate escape in a name',
    {
      method: 'POST',
      path: `/v2/sites/${SITE}/asset_folders`,
      headers: JSON_TYPE,
      rawBody: '{"displayName":"a","\\udfff":1}',
    },
    [{ location: 'body', pointer: '/\udfff', keyword: 'json' }],
  ],
  [
    'a query value that is not percent-encoded UTF-8 (read as U+FFFD, forwarded as the bytes)',
    { method: 'GET', path: `/v2/sites/${SITE}/assets`, query: 'limit=5&localeId=%ED%A0%80' },
    [{ location: 'query', pointer: '/localeId', keyword: 'encoding' }],
  ],
  [
    // Found in review: the value validated ran to the end of the line, and a server that cuts at
    // the "#" would have read a shorter query.
    'a raw "#" in a query value',
    { method: 'GET', path: `/v2/sites/${SITE}/assets`, query: 'localeId=65f0a1b2c3d4e5f6a7b8c9e3#&limit=1' },
    [{ location: 'query', pointer: '/localeId', keyword: 'encoding' }],
  ],
  [
    'a query name that is not percent-encoded UTF-8',
    { method: 'GET', path: `/v2/sites/${SITE}/assets`, query: '%C3=1' },
    [
      // named as validation reads it (U+FFFD), as the next violation names it
      {
        location: 'query',
        pointer: '/\ufffd',
        keyword: 'encoding',
        message: 'the name is not percent-encoded UTF-8 (%C3)',
      },
      // and, read as U+FFFD, a name the operation does not have
      { location: 'query', pointer: '/\ufffd', keyword: 'additionalProperties' },
    ],
  ],
  [
    // Found in review: the pointer kept the name's escapes (/localeI%64), naming no parameter.
    'a value not percent-encoded UTF-8, under a percent-encoded name',
    { method: 'GET', path: `/v2/sites/${SITE}/assets`, query: 'localeI%64=%ED%A0%80' },
    [{ location: 'query', pointer: '/localeId', keyword: 'encoding' }],
  ],
  [
    'a raw "#" under a name holding an encoded "/", escaped as pointers are',
    { method: 'GET', path: `/v2/sites/${SITE}/assets`, query: 'a%2Fb=x#' },
    [
      { location: 'query', pointer: '/a~1b', keyword: 'encoding' },
      { location: 'query', pointer: '/a~1b', keyword: 'additionalProperties' },
    ],
  ],
  [
    'a JSON body labelled with a charset other than UTF-8',
    {
      method: 'PATCH',
      path: `/v2/assets/${ASSET}`,
      headers: { 'content-type': 'application/json; charset=ISO-8859-1' },
      rawBody: '{"displayName":"x"}',
    },
    [{ location: 'header', pointer: '/content-type', keyword: 'contentType' }],
  ],
  [
    // Found in review: the first label was checked, and a parser that takes the last reads UTF-16.
    'a JSON body labelled with two charsets',
    {
      method: 'PATCH',
      path: `/v2/assets/${ASSET}`,
      headers: { 'content-type': 'application/json; charset=utf-8; charset=utf-16le' },
      rawBody: '{"displayName":"x"}',
    },
    [
      {
        location: 'header',
        pointer: '/content-type',
        keyword: 'contentType',
        message:
          'names a charset 2 times (utf-8, utf-16le), and parsers differ on which counts; send charset=utf-8 once or none',
      },
    ],
  ],
  [
    'a charset label hidden in a quoted parameter, and the real one after it',
    {
      method: 'PATCH',
      path: `/v2/assets/${ASSET}`,
      headers: { 'content-type': 'application/json; x="; charset=utf-8"; charset=utf-16le' },
      rawBody: '{"displayName":"x"}',
    },
    [
      {
        location: 'header',
        pointer: '/content-type',
        keyword: 'contentType',
        message: 'charset utf-16le is not accepted; JSON is UTF-8: send charset=utf-8 or none',
      },
    ],
  ],
  [
    'a wrong content type',
    {
      method: 'PATCH',
      path: `/v2/assets/${ASSET}`,
      headers: { 'content-type': 'text/plain' },
      rawBody: 'displayName=x',
    },
    [
      {
        location: 'header',
        pointer: '/content-type',
        keyword: 'contentType',
        message: 'Content-Type text/plain is not accepted; send application/json',
      },
    ],
  ],
  [
    'a missing content type',
    { method: 'PATCH', path: `/v2/assets/${ASSET}`, rawBody: '{}' },
    [{ location: 'header', pointer: '/content-type', keyword: 'contentType' }],
  ],
  [
    'malformed JSON',
    { method: 'PATCH', path: `/v2/assets/${ASSET}`, headers: JSON_TYPE, rawBody: '{"displayName": ' },
    [{ location: 'body', pointer: '', keyword: 'json' }],
  ],
  [
    'a missing required body',
    { method: 'PATCH', path: `/v2/assets/${ASSET}`, headers: JSON_TYPE },
    [
      {
        location: 'body',
        pointer: '',
        keyword: 'required',
        schemaPath: '#/paths/~1assets~1{asset_id}/patch/requestBody/required',
      },
    ],
  ],
  [
    'a body on a GET',
    { method: 'GET', path: `/v2/assets/${ASSET}`, headers: JSON_TYPE, rawBody: '{}' },
    [{ location: 'body', keyword: 'body' }],
  ],
  [
    'the beta locale alias under /v2, where it is not documented',
    { method: 'GET', path: `/v2/assets/${ASSET}`, query: 'locale=65427cf400e02b306eaa04a0' },
    [{ location: 'query', pointer: '/locale', keyword: 'additionalProperties' }],
  ],
  [
    'the beta locale alias on an operation without localeId, by the name sent',
    { method: 'DELETE', path: `/beta/assets/${ASSET}`, query: 'locale=x' },
    [
      {
        location: 'query',
        pointer: '/locale',
        keyword: 'additionalProperties',
        message: 'unknown query parameter "locale"',
      },
    ],
  ],
  [
    'a repeated beta locale alias, by the name sent',
    { method: 'GET', path: `/beta/assets/${ASSET}`, query: 'locale=a&locale=b' },
    [{ location: 'query', pointer: '/locale', keyword: 'type' }],
  ],
  ['an unknown path', { method: 'GET', path: '/v2/pages' }, [{ location: 'path', keyword: 'route' }]],
  [
    'a documented path with an undocumented method',
    { method: 'PUT', path: `/v2/assets/${ASSET}` },
    [
      {
        location: 'path',
        keyword: 'method',
        message: 'method PUT is not documented for this path (allowed: GET, HEAD, DELETE, PATCH)',
      },
    ],
  ],
];

describe('validateRequest', () => {
  it.each(cases)('reports %s', (_name, input, want) => {
    const result = contract.validateRequest(input);
    expect(result.valid).toBe(false);
    expect(result.violations).toHaveLength(want.length);
    want.forEach((w, i) => {
      expect(result.violations[i]).toMatchObject(w);
    });
  });

  it('coerces query values by the schema and keeps unknown-free requests valid', () => {
    const result = contract.validateRequest({
      method: 'GET',
      path: `/v2/sites/${SITE}/assets`,
      query: '?offset=200&limit=10',
    });
    expect(result).toMatchObject({
      valid: true,
      violations: [],
      query: { offset: 200, limit: 10 },
      pathParams: { site_id: SITE },
    });
    expect(result.operation?.operationId).toBe('list-assets');
  });

  // ajv's coercion reads all of these as numbers; the proxy forwards the string as written, and an
  // upstream may read `0x10` as 0 or 16, `1e1` as 1 or 10, and the long one as another number.
  it.each([
    ['limit', '0x10'],
    ['limit', '+5'],
    ['limit', ' 1'],
    ['limit', '1e1'],
    ['limit', '05'],
    ['limit', '1.0'],
    ['offset', '99999999999999999999'],
    ['offset', '9007199254740993'],
    ['offset', '1e400'],
  ])('refuses %s=%j, a number only to a loose reader', (name, written) => {
    const result = contract.validateRequest({
      method: 'GET',
      path: `/v2/sites/${SITE}/assets`,
      query: { [name]: written },
    });
    expect(result.valid).toBe(false);
    expect(result.violations).toMatchObject([
      {
        location: 'query',
        pointer: `/${name}`,
        keyword: 'type',
        schemaPath: expect.stringMatching(/\/schema\/type$/),
        actual: written,
      },
    ]);
    expect(result.violations[0]?.message).toContain(JSON.stringify(written));
  });

  // Found by a new user: limit=+5 was refused as " 5" with nothing on where the space came from
  // (form encoding reads "+" as a space).
  it.each([
    ['limit=+5', 'must be written as a decimal integer (such as 10), got " 5"'],
    ['limit=+500', 'must be <= 100, got " 500"'],
  ])('says %s has a "+" read as a space, keeping the pointer and keyword', (query, message) => {
    const result = contract.validateRequest({ method: 'GET', path: `/v2/sites/${SITE}/assets`, query });
    expect(result.violations).toMatchObject([
      {
        location: 'query',
        pointer: '/limit',
        message: `${message} (a "+" in a query string is a space; send %2B for a plus sign)`,
      },
    ]);
  });

  it('adds nothing where the space was sent as a space or the plus as %2B', () => {
    const messages = ['limit=%205', 'limit=%2B5'].map(
      (query) =>
        contract.validateRequest({ method: 'GET', path: `/v2/sites/${SITE}/assets`, query }).violations[0]?.message,
    );
    expect(messages).toEqual([
      'must be written as a decimal integer (such as 10), got " 5"',
      'must be written as a decimal integer (such as 10), got "+5"',
    ]);
  });

  // Found in review: out of range as well, these were quoted as the number ajv read
  // ("got number 100000000000000000000"), not as what the caller sent.
  it.each([
    ['limit=99999999999999999999', 'must be <= 100, got "99999999999999999999"'],
    ['limit=1e3', 'must be <= 100, got "1e3"'],
    ['limit=-0', 'must be >= 1, got "-0"'],
    ['limit=101', 'must be <= 100, got number 101'],
  ])('quotes %s as it was written when it is out of range', (query, message) => {
    const result = contract.validateRequest({ method: 'GET', path: `/v2/sites/${SITE}/assets`, query });
    expect(result.violations.map((v) => v.message)).toEqual([message]);
  });

  it('accepts decimal integers up to 2^53 - 1, the largest that are exact', () => {
    const result = contract.validateRequest({
      method: 'GET',
      path: `/v2/sites/${SITE}/assets`,
      query: 'offset=9007199254740991&limit=100',
    });
    expect(result).toMatchObject({ valid: true, query: { offset: Number.MAX_SAFE_INTEGER, limit: 100 } });
  });

  it.each(['gzip', 'br', 'deflate, gzip'])(
    'refuses a raw body under Content-Encoding %s as a content type problem',
    (coding) => {
      const result = contract.validateRequest({
        method: 'POST',
        path: `/v2/sites/${SITE}/asset_folders`,
        headers: { ...JSON_TYPE, 'content-encoding': coding },
        rawBody: new Uint8Array([0x1f, 0x8b, 0x08, 0x00]),
      });
      expect(result.violations).toMatchObject([
        {
          location: 'header',
          pointer: '/content-encoding',
          keyword: 'contentType',
          message: expect.stringContaining('uncompressed'),
        },
      ]);
    },
  );

  it('accepts Content-Encoding: identity', () => {
    const result = contract.validateRequest({
      method: 'POST',
      path: `/v2/sites/${SITE}/asset_folders`,
      headers: { ...JSON_TYPE, 'content-encoding': 'identity' },
      rawBody: '{"displayName":"x"}',
    });
    expect(result.violations).toEqual([]);
  });

  it('accepts the beta locale alias as localeId under /beta', () => {
    const result = contract.validateRequest({
      method: 'GET',
      path: `/beta/assets/${ASSET}`,
      query: 'locale=65427cf400e02b306eaa04a0',
    });
    expect(result).toMatchObject({ valid: true, query: { localeId: '65427cf400e02b306eaa04a0' } });
  });

  it('accepts a JSON body with a charset, given parsed or raw', () => {
    const headers = { 'content-type': 'application/json; charset=utf-8' };
    const body = { fileName: 'photo.png', fileHash: '3c7d87c9575702bc3b1e991f4d3c638e' };
    const path = `/v2/sites/${SITE}/assets`;
    expect(contract.validateRequest({ method: 'POST', path, headers, body }).violations).toEqual([]);
    expect(
      contract.validateRequest({ method: 'POST', path, headers, rawBody: JSON.stringify(body) }).violations,
    ).toEqual([]);
    for (const type of ['application/json; charset="UTF-8"', 'application/json;charset=utf8']) {
      const raw = contract.validateRequest({
        method: 'POST',
        path,
        headers: { 'content-type': type },
        rawBody: JSON.stringify(body),
      });
      expect(raw.violations).toEqual([]);
    }
    const other = contract.validateRequest({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json; charset=utf-16le' },
      rawBody: JSON.stringify(body),
    });
    expect(other.violations.map((v) => v.message)).toEqual([
      'charset utf-16le is not accepted; JSON is UTF-8: send charset=utf-8 or none',
    ]);
  });

  it('reports problems in every location at once', () => {
    const result = contract.validateRequest({
      method: 'PATCH',
      path: '/v2/assets/nope',
      query: 'localeId=x&extra=1',
      headers: JSON_TYPE,
      body: { displayName: '' },
    });
    expect(result.violations.map((v) => `${v.location} ${v.pointer}`)).toEqual([
      'path /asset_id',
      'query /extra',
      'body /displayName',
    ]);
  });

  it('lists at most 100 body problems, then says how many more there are', () => {
    const body = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, 1]));
    const result = contract.validateRequest({
      method: 'PATCH',
      path: '/v2/assets/580e63fc8c9a982ac9b8b745',
      headers: JSON_TYPE,
      rawBody: JSON.stringify(body),
    });
    expect(result.violations).toHaveLength(101);
    expect(result.violations[99]).toMatchObject({ pointer: '/k99', keyword: 'additionalProperties' });
    expect(result.violations[100]).toMatchObject({
      location: 'body',
      pointer: '',
      keyword: 'truncated',
      message: 'and 4900 more problems, not listed (at most 100 are)',
      omitted: 4900,
    });
    expect(problemCount(result.violations)).toBe(5000);
  });

  it('takes an operationId and path params instead of a URL', () => {
    const result = contract.validateRequest({ operationId: 'get-asset-folder', params: { asset_folder_id: 'x' } });
    expect(result.violations).toMatchObject([{ location: 'path', pointer: '/asset_folder_id', keyword: 'format' }]);
  });
});

describe('validateRequest with query names that are Object.prototype members', () => {
  it.each(['__proto__', 'constructor', 'toString'])('reports %s as an unknown query parameter', (name) => {
    const result = contract.validateRequest({ method: 'GET', path: `/v2/sites/${SITE}/assets`, query: `${name}=1` });
    expect(result.violations).toMatchObject([
      { location: 'query', pointer: `/${name}`, keyword: 'additionalProperties' },
    ]);
  });
});
