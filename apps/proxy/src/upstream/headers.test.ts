import { rawExchange } from '@assetkit/vitest-config/raw-exchange';
import { describe, expect, it } from 'vitest';
import { KEYS, startStack } from '../../test/harness.js';
import {
  addressesThroughProxy,
  clientResponseHeaders,
  preconditionsSent,
  rateHeaders,
  throughProxy,
  upstreamRequestHeaders,
} from './headers.js';

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
      { authorization: 'Bearer upstream-token', requestId: 'req-1', body: true },
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

describe('upstreamRequestHeaders and conditional or range requests', () => {
  it('forwards preconditions as they are, but not Range or If-Range (a part of a body cannot be validated)', () => {
    const out = upstreamRequestHeaders(
      {
        'if-none-match': '"v1"',
        'if-modified-since': 'Wed, 01 Jan 2025 00:00:00 GMT',
        range: 'bytes=0-9',
        'if-range': '"v1"',
      },
      { authorization: undefined, requestId: 'req-3' },
    );
    expect(out).toEqual({
      'if-none-match': '"v1"',
      'if-modified-since': 'Wed, 01 Jan 2025 00:00:00 GMT',
      'x-request-id': 'req-3',
      'accept-encoding': 'identity',
    });
    expect(preconditionsSent(out)).toEqual(['if-none-match', 'if-modified-since']);
  });

  it('tells the preconditions sent upstream, reading `_` as `-` as for forwarding', () => {
    const sent = upstreamRequestHeaders(
      {
        if_match: '"v1"',
        'if-unmodified-since': 'Wed, 01 Jan 2025 00:00:00 GMT',
        'if-match': '"v2"',
        if_none_match: '*',
      },
      { authorization: undefined, requestId: 'r' },
    );
    expect(sent).toMatchObject({ if_match: '"v1"', if_none_match: '*' });
    expect(preconditionsSent(sent)).toEqual(['if-match', 'if-unmodified-since', 'if-none-match']);
    expect(preconditionsSent(upstreamRequestHeaders({}, { authorization: undefined, requestId: 'r' }))).toEqual([]);
  });

  it('does not pass on the upstream’s Accept-Ranges: the proxy serves no ranges', () => {
    expect(clientResponseHeaders({ 'accept-ranges': 'bytes', etag: '"v1"' })).toEqual({ etag: '"v1"' });
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

describe('throughProxy', () => {
  const proxy = 'https://assets.example.com';

  it("moves an address in the upstream's own name to the proxy's, query and fragment kept", () => {
    expect(throughProxy('http://127.0.0.1:4010/assets/a/-/entry/0?x=1#f', 'http://127.0.0.1:4010', proxy)).toBe(
      'https://assets.example.com/assets/a/-/entry/0?x=1#f',
    );
    // Relative addresses are read against the upstream first.
    expect(throughProxy('/v2/assets/abc', 'http://127.0.0.1:4010', proxy)).toBe(`${proxy}/v2/assets/abc`);
  });

  it("drops the upstream URL's own path, which the proxy adds to every request", () => {
    const base = 'http://gateway.local/webflow';
    expect(throughProxy('http://gateway.local/webflow/v2/assets/abc', base, proxy)).toBe(`${proxy}/v2/assets/abc`);
    expect(throughProxy('/webflow/v2/assets/abc', base, proxy)).toBe(`${proxy}/v2/assets/abc`);
    expect(throughProxy('v2/assets/abc', base, proxy)).toBe(`${proxy}/v2/assets/abc`);
  });

  it('keeps addresses elsewhere, and what it cannot read, as they are', () => {
    const base = 'http://gateway.local/webflow';
    for (const address of [
      'https://cdn.example.com/asset.png',
      'http://gateway.local/webflowish/x',
      'http://gateway.local/other',
      'https://gateway.local/webflow/v2/x',
      'http://[not-a-host',
    ]) {
      expect(throughProxy(address, base, proxy)).toBe(address);
    }
  });

  it('rewrites Location and Content-Location and nothing else', () => {
    const headers: Record<string, string | string[]> = {
      location: 'http://up.local/v2/assets/a',
      'content-location': 'http://up.local/v2/assets/b',
      link: '<http://up.local/v2/assets/c>; rel="next"',
    };
    addressesThroughProxy(headers, 'http://up.local', proxy);
    expect(headers).toEqual({
      location: `${proxy}/v2/assets/a`,
      'content-location': `${proxy}/v2/assets/b`,
      link: '<http://up.local/v2/assets/c>; rel="next"',
    });
  });
});

describe('rateHeaders', () => {
  it('keeps Retry-After and a whole pair of integers', () => {
    expect(
      rateHeaders({
        'retry-after': '30',
        'x-ratelimit-limit': '60',
        'x-ratelimit-remaining': '0',
        'content-type': 'x',
      }),
    ).toEqual({ 'retry-after': '30', 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0' });
  });

  // Found in review: the half that was an integer was quoted beside the key's own other half.
  it.each([
    ['a missing half', { 'x-ratelimit-limit': '60' }],
    ['a repeated half', { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': ['59', '58'] }],
    ['a half that is no integer', { 'x-ratelimit-limit': 'Bearer x', 'x-ratelimit-remaining': '1' }],
  ])('drops the pair for %s', (_name, upstream) => {
    expect(rateHeaders({ 'retry-after': '5', ...upstream })).toEqual({ 'retry-after': '5' });
  });
});

describe('clientResponseHeaders and CORS', () => {
  // Found in review: with CORS_ORIGINS unset or another origin, the upstream's own
  // Access-Control-Allow-Origin: * reached the browser, opening the proxy to any site.
  it("never passes on the upstream's CORS headers", () => {
    expect(
      clientResponseHeaders({
        'content-type': 'application/json',
        'access-control-allow-origin': '*',
        'access-control-allow-credentials': 'true',
      }),
    ).toEqual({ 'content-type': 'application/json' });
  });
});

// Found in review: a caller's forwarding headers went to the upstream as they came, though the
// proxy is the upstream's client (its token, its address): they leaked the addresses of whatever
// stands in front of the proxy, and let a caller speak for it.
describe('the headers the upstream gets through the proxy', () => {
  it("never carry the caller's Forwarded, X-Forwarded-*, Via or client address headers", async () => {
    const stack = await startStack({ TRUSTED_PROXIES: '127.0.0.1' });
    try {
      stack.sandbox.requests.clear();
      const res = await stack.call(`/v2/sites/${stack.sandbox.siteId}/asset_folders`, {
        headers: {
          forwarded: 'for=10.1.2.3;proto=http;by=10.0.0.1',
          'x-forwarded-for': '10.1.2.3, 10.0.0.1',
          'x-forwarded-host': 'internal-lb.corp.local',
          'x-forwarded-proto': 'http',
          'x-forwarded-port': '8080',
          'x-real-ip': '10.1.2.3',
          'x-client-ip': '10.1.2.3',
          'true-client-ip': '10.1.2.3',
          via: '1.1 internal-lb.corp.local:8080, 1.0 squid.corp.local',
          'x-trace': 'kept',
        },
      });
      expect(res.status).toBe(200);
      const [sent] = stack.sandbox.requests.entries();
      expect(sent?.headers['x-trace']).toBe('kept');
      expect(Object.keys(sent?.headers ?? {}).filter((name) => /forwarded|-ip$/.test(name))).toEqual([]);
      expect(sent?.headers.via).toBe('1.1 assetkit');
    } finally {
      await stack.close();
    }
  });

  // Found in review: spelled with underscores, they went upstream as they came, though a server
  // that reads header names CGI-style (PHP, WSGI, Rack, IIS) takes `X_Forwarded_For` for its
  // HTTP_X_FORWARDED_FOR, and `Accept_Encoding` for the HTTP_ACCEPT_ENCODING the proxy sets.
  it('nor the same headers spelled with underscores, which CGI-style servers read alike', async () => {
    const stack = await startStack();
    try {
      stack.sandbox.requests.clear();
      const res = await stack.call(`/v2/sites/${stack.sandbox.siteId}/asset_folders`, {
        headers: {
          x_forwarded_for: '10.1.2.3',
          'x-forwarded_host': 'internal-lb.corp.local',
          x_real_ip: '10.1.2.3',
          true_client_ip: '10.1.2.3',
          x_request_id: 'spoofed-request-id',
          accept_encoding: 'gzip',
          x_assetkit_violations: '0',
          x_trace: 'kept',
        },
      });
      expect(res.status).toBe(200);
      const [sent] = stack.sandbox.requests.entries();
      expect(Object.keys(sent?.headers ?? {}).filter((name) => name.includes('_'))).toEqual(['x_trace']);
      expect(sent?.headers['accept-encoding']).toBe('identity');
    } finally {
      await stack.close();
    }
  });

  // RFC 9110 §7.6.3: a gateway MUST send Via in each request it forwards, naming the protocol it
  // received; a pseudonym stands for its host.
  it("carry the proxy's own Via entry with the caller's HTTP version, in place of the caller's", async () => {
    const stack = await startStack();
    try {
      stack.sandbox.requests.clear();
      const path = `/v2/sites/${stack.sandbox.siteId}/asset_folders`;
      const res = await rawExchange(stack.proxy.url, [
        `GET ${path} HTTP/1.0\r\nHost: x\r\nAuthorization: Bearer ${KEYS.writer}\r\nVia: 1.0 squid.corp.local\r\n\r\n`,
      ]);
      expect(res.status).toBe(200);
      expect(stack.sandbox.requests.entries().map((r) => r.headers.via)).toEqual(['1.0 assetkit']);
    } finally {
      await stack.close();
    }
  });
});
