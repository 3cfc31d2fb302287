import { rawExchange } from '@assetkit/vitest-config/raw-exchange';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, type Stack, startStack } from '../../test/harness.js';

const AUTH = `Authorization: Bearer ${KEYS.writer}\r\n`;

describe('the access log, for a request with a long path', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  // Found in review: each line held the whole path, so any caller, with or without a key, could
  // make every info line as long as Node's header limit allows (~16 KB) for the price of a request.
  it('keeps the path’s start, never the whole of it, on every kind of line', async () => {
    const long = `/${'a'.repeat(15_000)}`;
    const site = stack.sandbox.siteId;
    const paths = [`/v2${long}`, `/v2/sites/${site}/assets${long}`, `/v2/sites/${long.slice(1)}/assets`, long];
    for (const path of paths) {
      await (await stack.call(path)).arrayBuffer();
      await (await stack.call(path, { key: null })).arrayBuffer();
    }
    // Refused by the server before the app (417), and pipelined behind a 501 that closes the connection.
    const refused = await rawExchange(stack.proxy.url, [`GET ${long} HTTP/1.1\r\nHost: x\r\nExpect: nonsense\r\n\r\n`]);
    expect(refused.status).toBe(417);
    const pipelined = await rawExchange(stack.proxy.url, [
      `POST /v2/sites/${site}/assets HTTP/1.1\r\nHost: x\r\n${AUTH}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n` +
        `GET ${long} HTTP/1.1\r\nHost: x\r\n${AUTH}\r\n`,
    ]);
    expect(pipelined.status).toBe(501);

    const lines = stack.proxy.logs.map((line) => JSON.parse(line) as { msg: string; path?: string });
    const withPath = lines.filter((line) => line.path !== undefined);
    // Each request's line: two per path, the 417, the 501 and the request left unhandled behind it.
    expect(withPath).toHaveLength(paths.length * 2 + 3);
    expect(withPath.filter((line) => line.msg.startsWith('request not handled'))).toHaveLength(1);
    for (const line of withPath) {
      expect(line.path?.length).toBeLessThanOrEqual(201);
    }
    expect(withPath.map((line) => line.path)).toContain(`${long.slice(0, 200)}…`);
    expect(Math.max(...stack.proxy.logs.map((line) => line.length))).toBeLessThan(1_000);
  });
});
