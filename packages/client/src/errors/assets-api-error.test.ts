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

  // Found in review: the retries honoured an HTTP-date or fractional Retry-After, but the error
  // read only whole seconds, so retryAfterSeconds was undefined for the same header.
  it.each([
    ['whole seconds', '7', 7],
    ['padded seconds', ' 30 ', 30],
    ['fractional seconds', '1.5', 1.5],
  ])('reads retryAfterSeconds from %s', (_name, retryAfter, seconds) => {
    const response = new Response(null, { status: 503, headers: { 'retry-after': retryAfter } });
    expect(apiErrorFromResponse(response, undefined, context).retryAfterSeconds).toBe(seconds);
  });

  it('reads retryAfterSeconds from an HTTP date, counted from now', () => {
    const inFive = new Date(Date.now() + 5000).toUTCString(); // whole seconds: 4–5 s from now
    const response = new Response(null, { status: 429, headers: { 'retry-after': inFive } });
    const { retryAfterSeconds } = apiErrorFromResponse(response, undefined, context);
    expect(retryAfterSeconds).toBeGreaterThan(3.9);
    expect(retryAfterSeconds).toBeLessThanOrEqual(5);
  });

  it.each([
    ['an HTTP date in the past', 'Wed, 21 Oct 2015 07:28:00 GMT', 0],
    ['a negative number', '-3', undefined],
    ['garbage', 'soon', undefined],
  ])('never gives a negative retryAfterSeconds, for %s', (_name, retryAfter, seconds) => {
    const response = new Response(null, { status: 429, headers: { 'retry-after': retryAfter } });
    expect(apiErrorFromResponse(response, undefined, context).retryAfterSeconds).toBe(seconds);
  });

  it.each([
    [502, 'Bad Gateway', '<html>bad gateway</html>', 'bad_gateway', 'HTTP 502 Bad Gateway: <html>bad gateway</html>'],
    [
      504,
      'Gateway Timeout',
      '<html>timeout</html>',
      'gateway_timeout',
      'HTTP 504 Gateway Timeout: <html>timeout</html>',
    ],
    [418, '', 'teapot', 'unknown_error', 'HTTP 418: teapot'],
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
