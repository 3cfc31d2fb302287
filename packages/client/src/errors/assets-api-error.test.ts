import { describe, expect, it } from 'vitest';
import { AssetsApiError, apiErrorFromResponse } from './assets-api-error.js';
import { AssetsError } from './assets-error.js';

const context = { operationId: 'get-asset', attempts: 2 };

describe('apiErrorFromResponse', () => {
  it("takes Webflow's error body apart", () => {
    const response = new Response(null, { status: 429, headers: { 'x-request-id': 'req-1', 'retry-after': '7' } });
    const body = { code: 'too_many_requests', message: 'Too many requests', externalReference: null, details: [] };
    const error = apiErrorFromResponse(response, body, context);
    expect(error).toBeInstanceOf(AssetsApiError);
    expect(error).toBeInstanceOf(AssetsError);
    expect(error).toMatchObject({
      name: 'AssetsApiError',
      status: 429,
      code: 'too_many_requests',
      message: 'Too many requests',
      details: [],
      requestId: 'req-1',
      operationId: 'get-asset',
      retryAfterSeconds: 7,
      attempts: 2,
      body,
    });
  });

  it('keeps field-level details', () => {
    const details = [{ field: 'limit', location: 'query', pointer: '/limit', message: 'must be <= 100' }];
    const error = apiErrorFromResponse(
      new Response(null, { status: 400 }),
      { code: 'validation_error', message: 'x', details },
      context,
    );
    expect(error.details).toEqual(details);
    expect(error.requestId).toBeUndefined();
    expect(error.retryAfterSeconds).toBeUndefined();
  });

  it.each([
    [502, 'Bad Gateway', '<html>bad gateway</html>', 'unknown_error', 'HTTP 502 Bad Gateway: <html>bad gateway</html>'],
    [503, '', '', 'service_unavailable', 'HTTP 503'],
    [404, 'Not Found', undefined, 'resource_not_found', 'HTTP 404 Not Found'],
    [401, '', { unexpected: true }, 'not_authorized', 'HTTP 401'],
  ])("still gives a usable error for a %i whose body is not Webflow's", (status, statusText, body, code, message) => {
    const error = apiErrorFromResponse(new Response(null, { status, statusText }), body, context);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.details).toEqual([]);
  });
});
