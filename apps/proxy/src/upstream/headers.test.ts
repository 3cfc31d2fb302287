import { describe, expect, it } from 'vitest';
import { clientResponseHeaders, upstreamRequestHeaders } from './headers.js';

describe('upstreamRequestHeaders', () => {
  it('drops hop-by-hop headers, those the Connection header lists, and the caller credentials', () => {
    const out = upstreamRequestHeaders(
      {
        host: 'proxy.local',
        connection: 'keep-alive, x-secret-hop',
        'x-secret-hop': '1',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        'proxy-authorization': 'Basic x',
        authorization: 'Bearer proxy-key',
        cookie: 'a=b',
        'content-type': 'application/json',
        accept: 'application/json',
        'x-trace': ['a', 'b'],
        'x-request-id': 'caller-chosen',
      },
      { authorization: 'Bearer upstream-token', requestId: 'req-1' },
    );
    expect(out).toEqual({
      'content-type': 'application/json',
      accept: 'application/json',
      'x-trace': 'a, b',
      authorization: 'Bearer upstream-token',
      'x-request-id': 'req-1',
      'accept-encoding': 'identity',
    });
  });
});

describe('upstreamRequestHeaders without an upstream credential', () => {
  it('sends no Authorization header at all, and never the caller’s', () => {
    const out = upstreamRequestHeaders(
      { authorization: 'Bearer proxy-key', accept: 'application/json' },
      { authorization: undefined, requestId: 'req-2' },
    );
    expect(out).toEqual({ accept: 'application/json', 'x-request-id': 'req-2', 'accept-encoding': 'identity' });
  });
});

describe('clientResponseHeaders', () => {
  it('passes rate-limit headers and Retry-After, drops framing and hop-by-hop headers', () => {
    const out = clientResponseHeaders({
      'content-type': 'application/json',
      'x-ratelimit-limit': '60',
      'x-ratelimit-remaining': '0',
      'retry-after': '60',
      'content-length': '10',
      'transfer-encoding': 'chunked',
      connection: 'close, x-hop',
      'x-hop': 'y',
      'x-request-id': 'wf-123',
      'set-cookie': ['a=b'],
      'x-assetkit-violations': '7',
    });
    expect(out).toEqual({
      'content-type': 'application/json',
      'x-ratelimit-limit': '60',
      'x-ratelimit-remaining': '0',
      'retry-after': '60',
      'x-upstream-request-id': 'wf-123',
    });
  });
});
