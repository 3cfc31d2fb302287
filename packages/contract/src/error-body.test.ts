import { describe, expect, it } from 'vitest';
import { JSON_HEADERS } from '../test/helpers.js';
import { getContract } from './contract.js';
import { errorFormatOf, renderErrorBody, violationDetail } from './error-body.js';
import type { OpenApiDocument } from './openapi-document.js';

describe('renderErrorBody', () => {
  const contract = getContract('webflow-assets');

  it("renders Webflow's error shape, which validates as every documented error response", () => {
    const body = contract.errorBody({
      code: 'validation_error',
      message: 'Validation Error: limit must be <= 100',
      details: [{ field: 'limit', location: 'query', pointer: '/limit', message: 'must be <= 100' }],
    });
    expect(body).toEqual({
      code: 'validation_error',
      message: 'Validation Error: limit must be <= 100',
      externalReference: null,
      details: [{ field: 'limit', location: 'query', pointer: '/limit', message: 'must be <= 100' }],
    });
    for (const status of [400, 401, 403, 404, 429, 500]) {
      const headers = { ...JSON_HEADERS, 'retry-after': '60' };
      expect(contract.validateResponse({ operationId: 'get-asset', status, headers, body }).violations).toEqual([]);
    }
    expect(contract.errorFormat.mediaType).toBe('application/json');
  });

  it('falls back to { code, message, details } for a document without x-assetkit-error', () => {
    const document: OpenApiDocument = { openapi: '3.1.0', info: { title: 't', version: '1' } };
    expect(renderErrorBody(errorFormatOf(document), { code: 'x', message: 'y' })).toEqual({
      code: 'x',
      message: 'y',
      details: [],
    });
  });

  it('follows a template with nothing but a message (as Konifer answers)', () => {
    const document: OpenApiDocument = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      'x-assetkit-error': { mediaType: 'application/json', body: { message: '{message}' } },
    };
    expect(
      renderErrorBody(errorFormatOf(document), { code: 'validation_error', message: 'Alt exceeds max length of 125' }),
    ).toEqual({
      message: 'Alt exceeds max length of 125',
    });
  });
});

describe('violationDetail', () => {
  it.each([
    [{ location: 'query', pointer: '/limit' }, 'limit'],
    [{ location: 'body', pointer: '/variants/0/height' }, 'variants.0.height'],
    [{ location: 'body', pointer: '/a~1b' }, 'a/b'],
    [{ location: 'body', pointer: '' }, 'body'],
    [{ location: 'header', pointer: '' }, 'header'],
  ] as const)('names the field of %o as %s', (where, field) => {
    const detail = violationDetail({ ...where, schemaPath: '#', keyword: 'type', message: 'is wrong' });
    expect(detail).toEqual({ field, location: where.location, pointer: where.pointer, message: 'is wrong' });
  });

  // Found in review: a name given twice 100,000 levels deep put a 200 KB pointer into each field.
  it('cuts a pointer longer than 512 characters, marking the cut', () => {
    const pointer = '/a'.repeat(100_000);
    const detail = violationDetail({ location: 'body', pointer, schemaPath: '#', keyword: 'json', message: 'x' });
    expect(detail.pointer).toHaveLength(512);
    expect(detail.pointer).toBe(`${pointer.slice(0, 511)}…`);
    expect(detail.field).toHaveLength(512);
    // Found in a second review: the cut fell inside a surrogate pair, and answers carried half of it.
    const emoji = violationDetail({
      location: 'body',
      pointer: `/${'a'.repeat(510)}😀${'b'.repeat(10)}`,
      schemaPath: '#',
      keyword: 'json',
      message: 'x',
    });
    expect(emoji.pointer).toBe(`/${'a'.repeat(510)}…`);
    expect(emoji.pointer).not.toMatch(/\p{Cs}/u);
  });
});
