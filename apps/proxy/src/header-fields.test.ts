import { rawExchange } from '@assetkit/vitest-config/raw-exchange';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, type Stack, startStack } from '../test/harness.js';

const AUTH = `Authorization: Bearer ${KEYS.writer}\r\n`;
const FOLDER = '{"displayName":"x"}';

describe('header fields the proxy judges', () => {
  let stack: Stack;
  let folders: string;
  beforeAll(async () => {
    stack = await startStack();
    folders = `/v2/sites/${stack.sandbox.siteId}/asset_folders`;
  });
  afterAll(() => stack.close());

  const post = (headers: string, body = FOLDER) =>
    `POST ${folders} HTTP/1.1\r\nHost: x\r\n${AUTH}${headers}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;

  // Found in review: the sandbox answered a 400 about a body that does not exist.
  it.each([
    ['GET', 'Content-Encoding: gzip\r\nContent-Type: text/plain\r\n'],
    ['GET', 'Content-Encoding: gzip\r\nContent-Length: 0\r\n'],
    ['HEAD', 'Content-Encoding: br\r\n'],
  ])('forwards a bodiless %s without its body headers (%j)', async (method, headers) => {
    stack.sandbox.requests.clear();
    const res = await rawExchange(stack.proxy.url, [
      `${method} ${folders} HTTP/1.1\r\nHost: x\r\n${AUTH}${headers}Connection: close\r\n\r\n`,
    ]);
    expect(res.status).toBe(200);
    const [sent] = stack.sandbox.requests.entries();
    expect(
      Object.keys(sent?.headers ?? {}).filter((name) => name.startsWith('content-') && name !== 'content-length'),
    ).toEqual([]);
  });

  it('still forwards the body headers of a request with a body', async () => {
    stack.sandbox.requests.clear();
    const res = await rawExchange(stack.proxy.url, [
      post('Content-Type: application/json\r\nContent-Encoding: identity\r\nContent-Language: en\r\n'),
    ]);
    expect(res.status).toBe(200);
    const [sent] = stack.sandbox.requests.entries();
    expect(sent?.headers).toMatchObject({
      'content-type': 'application/json',
      'content-encoding': 'identity',
      'content-language': 'en',
    });
  });
});
