import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BODY_KEPT_BYTES, createRequestLog } from './request-log.js';

function fakeExchange(url: string, headers: string[]) {
  const req = new IncomingMessage(new Socket());
  req.method = 'GET';
  req.url = url;
  req.rawHeaders = headers;
  req.headers = {};
  for (let i = 0; i < headers.length; i += 2) {
    req.headers[(headers[i] as string).toLowerCase()] = headers[i + 1];
  }
  return { req, res: new ServerResponse(req) };
}

describe('createRequestLog', () => {
  it('keeps only the last `capacity` entries', () => {
    const log = createRequestLog(3);
    for (let i = 0; i < 5; i++) {
      const { req, res } = fakeExchange(`/v2/x${i}?a=${i}`, []);
      log.record(req, res, i);
    }
    expect(log.entries().map((e) => [e.path, e.query])).toEqual([
      ['/v2/x2', 'a=2'],
      ['/v2/x3', 'a=3'],
      ['/v2/x4', 'a=4'],
    ]);
    log.clear();
    expect(log.entries()).toEqual([]);
  });

  it('keeps the authorization header, joins repeated headers, and fills in body and operation', () => {
    const log = createRequestLog();
    const { req, res } = fakeExchange('/v2/assets', ['Authorization', 'Bearer abc', 'X-Tag', 'a', 'X-Tag', 'b']);
    const record = log.record(req, res, 1);
    record.setBody(Buffer.from('{"a":1}'));
    record.setOperationId('list-assets');
    expect(log.entries()[0]).toEqual({
      method: 'GET',
      path: '/v2/assets',
      query: '',
      headers: { authorization: 'Bearer abc', 'x-tag': 'a, b' },
      body: '{"a":1}',
      bodySize: 7,
      operationId: 'list-assets',
      status: 0,
      at: 1,
    });
  });

  it('keeps the first 64 KiB of a body and its whole size, so large uploads cannot exhaust memory', () => {
    const log = createRequestLog();
    const { req, res } = fakeExchange('/v2/assets', []);
    log.record(req, res, 1).setBody(Buffer.alloc(BODY_KEPT_BYTES * 4, 'a'));
    expect(log.entries()[0]).toMatchObject({ body: 'a'.repeat(BODY_KEPT_BYTES), bodySize: BODY_KEPT_BYTES * 4 });
  });

  it('returns copies, so callers cannot change the log', () => {
    const log = createRequestLog();
    const { req, res } = fakeExchange('/v2/a', []);
    log.record(req, res, 1);
    const [entry] = log.entries();
    if (entry) {
      entry.headers.authorization = 'changed';
    }
    expect(log.entries()[0]?.headers.authorization).toBeUndefined();
  });
});
