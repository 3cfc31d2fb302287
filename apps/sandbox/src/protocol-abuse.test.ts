import { rawExchange } from '@assetkit/vitest-config/raw-exchange';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox } from '../test/helpers.js';
import type { Sandbox } from './start-sandbox.js';

describe('requests Node refuses before the app sees them', () => {
  let sandbox: Sandbox;
  let list: string;
  let auth: string;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    list = `/v2/sites/${sandbox.siteId}/asset_folders`;
    auth = `Authorization: Bearer ${sandbox.token}\r\n`;
  });
  afterAll(() => sandbox.close());

  // Node answers each of these itself unless told otherwise: an empty 400 or 417, a bare
  // 400 or 431 with no body at all, or (CONNECT) a closed socket and no answer.
  it.each<[string, number, string, () => string]>([
    ['an HTTP/1.1 request without a Host header', 400, 'bad_request', () => `GET ${list} HTTP/1.1\r\n${auth}\r\n`],
    [
      'an Expect other than 100-continue',
      417,
      'expectation_failed',
      () =>
        `POST ${list} HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nExpect: something-else\r\nContent-Length: 2\r\n\r\n{}`,
    ],
    [
      'Content-Length with Transfer-Encoding',
      400,
      'bad_request',
      () =>
        `POST ${list} HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n{}\r\n0\r\n\r\n`,
    ],
    ['a garbage request line', 400, 'bad_request', () => '\u0000\u0001 not http at all\r\n\r\n'],
    [
      'headers over the size limit',
      431,
      'bad_request',
      () => `GET ${list} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    ],
    ['CONNECT', 405, 'method_not_allowed', () => 'CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n'],
    [
      'a request line claiming HTTP/2.0',
      505,
      'http_version_not_supported',
      () => `GET ${list} HTTP/2.0\r\nHost: x\r\n\r\n`,
    ],
  ])('answers %s with %i %s in Webflow’s error shape and closes the connection', async (_name, status, code, bytes) => {
    const res = await rawExchange(sandbox.url, [bytes()]);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
    expect(JSON.parse(res.body)).toEqual({ code, message: expect.any(String), externalReference: null, details: [] });
    expect(res.closed).toBe(true);
  });

  it('says what was wrong: the missing Host, the Expect it got', async () => {
    const noHost = await rawExchange(sandbox.url, [`GET ${list} HTTP/1.1\r\n${auth}\r\n`]);
    expect(JSON.parse(noHost.body).message).toContain('must have a Host header');
    const expectation = await rawExchange(sandbox.url, [
      `POST ${list} HTTP/1.1\r\nHost: x\r\n${auth}Expect: something-else\r\nContent-Length: 0\r\n\r\n`,
    ]);
    expect(JSON.parse(expectation.body).message).toContain('"something-else"');
  });

  it('still answers an HTTP/1.0 request without a Host header (1.0 does not require one)', async () => {
    const res = await rawExchange(sandbox.url, ['GET /_health HTTP/1.0\r\n\r\n']);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
  });

  it('let none of them reach the API', () => {
    expect(sandbox.requests.entries()).toEqual([]);
  });
});
