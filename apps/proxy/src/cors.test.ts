import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwarded, type Stack, startStack } from '../test/harness.js';
import { ConfigError, loadConfig } from './config.js';
import { withCors } from './steps/cors.js';

const APP = 'https://app.example.com';
const preflight = (method: string, origin = APP) => ({
  method: 'OPTIONS',
  key: null,
  headers: {
    origin,
    'access-control-request-method': method,
    'access-control-request-headers': 'authorization, content-type',
  },
});

describe('CORS_ORIGINS: browser apps calling the proxy', () => {
  let stack: Stack;
  let assets: string;
  beforeAll(async () => {
    stack = await startStack({ CORS_ORIGINS: `${APP}, http://localhost:5173` });
    assets = `/v2/sites/${stack.sandbox.siteId}/assets`;
  });
  afterAll(() => stack.close());

  it('answers a preflight itself, without a key, naming the methods of that path, and forwards nothing', async () => {
    stack.sandbox.requests.clear();
    const res = await stack.call(assets, preflight('POST'));
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('vary')).toBe('Origin');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(res.headers.get('access-control-allow-headers')).toContain('content-type');
    // A script's preconditions (the proxy passes on the 304 or 412 they ask for).
    expect(res.headers.get('access-control-allow-headers')?.split(', ')).toEqual(
      expect.arrayContaining(['if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since']),
    );
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(forwarded(stack.sandbox)).toEqual([]);
  });

  it('lets the script read answers, errors included, and the rate-limit headers', async () => {
    const ok = await stack.call(assets, { headers: { origin: 'http://localhost:5173' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(ok.headers.get('vary')).toContain('Origin');
    const exposed = ok.headers.get('access-control-expose-headers')?.split(', ');
    expect(exposed).toEqual(
      expect.arrayContaining(['x-ratelimit-limit', 'x-ratelimit-remaining', 'retry-after', 'x-request-id', 'etag']),
    );
    // A 401 (no key) and a 400 (invalid query) must be readable too, or the app sees only "CORS error".
    for (const res of [
      await stack.call(assets, { key: null, headers: { origin: APP } }),
      await stack.call(`${assets}?limit=0`, { headers: { origin: APP } }),
    ]) {
      expect([res.status, res.headers.get('access-control-allow-origin')]).toEqual([
        res.status === 401 ? 401 : 400,
        APP,
      ]);
    }
  });

  it('refuses a preflight from another origin with a 403 saying why, and serves its requests without CORS headers', async () => {
    const refused = await stack.call(assets, preflight('GET', 'https://evil.example'));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(await refused.json()).toMatchObject({ code: 'cors_origin_not_allowed' });
    const read = await stack.call(assets, { headers: { origin: 'https://evil.example' } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight or a request to a path outside the API with a 404 the script can read', async () => {
    for (const path of ['/v2/nowhere', '/nowhere', '/v2']) {
      for (const init of [preflight('GET'), { headers: { origin: APP } }]) {
        const res = await stack.call(path, init);
        expect([path, res.status, res.headers.get('access-control-allow-origin')]).toEqual([path, 404, APP]);
      }
    }
  });

  // Found in review: /healthz, /readyz and /metrics carried no CORS headers, so a browser dashboard
  // on an allowed origin polling /healthz or /readyz saw only "CORS error".
  it('gives the operations endpoints the same CORS as the API: answers, 405s and preflights', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      for (const method of ['GET', 'HEAD']) {
        const res = await stack.call(path, { method, key: null, headers: { origin: APP } });
        expect([path, method, res.status, res.headers.get('access-control-allow-origin')]).toEqual([
          path,
          method,
          200,
          APP,
        ]);
        expect(res.headers.get('vary')).toBe('Origin');
        expect(res.headers.get('access-control-expose-headers')).toContain('x-request-id');
      }
      const pre = await stack.call(path, preflight('GET'));
      expect([path, pre.status, pre.headers.get('access-control-allow-origin')]).toEqual([path, 204, APP]);
      expect(pre.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
      expect(pre.headers.get('access-control-max-age')).toBe('600');
      // Any other method is still a 405 with Allow, which the script can read.
      const refusedMethod = await stack.call(path, { method: 'POST', key: null, headers: { origin: APP } });
      expect([refusedMethod.status, refusedMethod.headers.get('access-control-allow-origin')]).toEqual([405, APP]);
      expect(refusedMethod.headers.get('allow')).toBe('GET, HEAD');
      // Another origin: a 403 to its preflight, its requests served without the headers.
      const other = await stack.call(path, preflight('GET', 'https://evil.example'));
      expect([other.status, other.headers.get('access-control-allow-origin')]).toEqual([403, null]);
      expect(await other.json()).toMatchObject({ code: 'cors_origin_not_allowed' });
      for (const headers of [{ origin: 'https://evil.example' }, {}] as Record<string, string>[]) {
        const res = await stack.call(path, { key: null, headers });
        expect([res.status, res.headers.get('access-control-allow-origin'), res.headers.get('vary')]).toEqual([
          200,
          null,
          'Origin',
        ]);
      }
    }
    expect(forwarded(stack.sandbox).filter((line) => !line.startsWith('GET /v2/sites/'))).toEqual([]);
  });

  // Found in review: answers differ by Origin with a list of origins, and only allowed ones said so.
  it('says Vary: Origin on answers to no origin and to other origins too', async () => {
    for (const headers of [{}, { origin: 'https://evil.example' }] as Record<string, string>[]) {
      const res = await stack.call(assets, { headers });
      expect(res.headers.get('vary')).toBe('Origin');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('CORS_ORIGINS=*', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ CORS_ORIGINS: '*' });
  });
  afterAll(() => stack.close());

  it('allows any origin, without Vary: Origin', async () => {
    const res = await stack.call(`/v2/sites/${stack.sandbox.siteId}/assets`, {
      headers: { origin: 'https://anywhere.example' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('vary')).toBeNull();
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      const ops = await stack.call(path, { key: null, headers: { origin: 'https://anywhere.example' } });
      expect([path, ops.status, ops.headers.get('access-control-allow-origin'), ops.headers.get('vary')]).toEqual([
        path,
        200,
        '*',
        null,
      ]);
    }
  });
});

describe('without CORS_ORIGINS', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('sends no CORS headers: browsers keep the answers from other origins’ scripts', async () => {
    const res = await stack.call(`/v2/sites/${stack.sandbox.siteId}/assets`, { headers: { origin: APP } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await stack.call(`/v2/sites/${stack.sandbox.siteId}/assets`, preflight('GET'));
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      const ops = await stack.call(path, { key: null, headers: { origin: APP } });
      expect([path, ops.status, ops.headers.get('access-control-allow-origin')]).toEqual([path, 200, null]);
      // No CORS, so no preflight either: OPTIONS is a method these do not have.
      const opsPre = await stack.call(path, preflight('GET'));
      expect([opsPre.status, opsPre.headers.get('access-control-allow-origin')]).toEqual([405, null]);
    }
  });
});

describe('CORS_ORIGINS in the configuration', () => {
  const problems = (value: string) => {
    try {
      loadConfig({ CORS_ORIGINS: value });
      return [];
    } catch (error) {
      return error instanceof ConfigError ? [...error.problems] : [String(error)];
    }
  };

  it('takes origins as browsers send them, and refuses a path, a trailing slash or a bare host', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).corsOrigins).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
    expect(loadConfig({ CORS_ORIGINS: ' * ' }).corsOrigins).toBe('*');
    expect(loadConfig({}).corsOrigins).toBeNull();
    expect(problems('https://a.example/')).toEqual([
      expect.stringContaining('got "https://a.example/" (a browser sends https://a.example)'),
    ]);
    expect(problems('https://a.example/app,a.example,*')).toEqual([
      expect.stringContaining('got "https://a.example/app" (a browser sends https://a.example), "a.example", "*"'),
    ]);
    expect(problems('https://A.example:443')).toEqual([
      expect.stringContaining('"https://A.example:443" (a browser sends https://a.example)'),
    ]);
    expect(problems(',')).toEqual([expect.stringContaining('CORS_ORIGINS must be')]);
  });
});

describe('withCors', () => {
  const cors = { 'access-control-allow-origin': APP, vary: 'Origin' };

  it("keeps the upstream's Vary, naming Origin once, and sets the CORS headers decided", () => {
    expect(
      withCors({ vary: 'Accept-Encoding', 'access-control-allow-origin': '*', 'content-type': 'x' }, { cors }),
    ).toEqual({ vary: 'Accept-Encoding, Origin', 'access-control-allow-origin': APP, 'content-type': 'x' });
    expect(withCors({ vary: '*' }, { cors }).vary).toBe('*');
    expect(withCors({ vary: 'origin, Accept' }, { cors }).vary).toBe('origin, Accept');
  });

  it('leaves the headers alone when the request got no CORS headers', () => {
    const headers = { 'access-control-allow-origin': '*' };
    expect(withCors(headers, { cors: undefined })).toBe(headers);
  });
});
