import { createServer, type Server } from 'node:net';
import { getContract } from '@assetkit/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from './clock.js';
import { noContentFailures } from './no-content.js';
import { createOperationCaller } from './operation-caller.js';
import { createRateLimiter } from './rate-limiter.js';

const RATE = 'X-RateLimit-Limit: 60\r\nX-RateLimit-Remaining: 59\r\n';
const ASSET_ID = '65f0a1b2c3d4e5f6a7b8c9d1';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A server that answers every request with `head` and `body` exactly as given, on its socket. */
async function rawServer(head: string, body = ''): Promise<string> {
  server = createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end(`${head}\r\n${body}`));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}/v2`;
}

/** The body-schema check of a delete-asset sent through the runner's caller and Node's fetch. */
async function deleteChecked(root: string) {
  const caller = createOperationCaller({
    contract: getContract('webflow-assets'),
    root,
    fetch: (url, init) => fetch(url, init),
    limiter: createRateLimiter({ limit: null }),
    clock: systemClock,
    tokens: { token: 'token' },
    timeoutMs: 2_000,
    maxRetries: 0,
    strict: false,
  });
  const outcome = await caller.call({ operationId: 'delete-asset', params: { asset_id: ASSET_ID }, expect: 204 });
  return { outcome, bodySchema: outcome.checks.find((c) => c.check === 'body-schema') };
}

// Found in review: a 204 with a body passed every check. Node's fetch drops a 204's bytes
// whatever its headers say, so the runner saw an empty body; only the framing tells.
describe('a 204 answer with content', () => {
  it.each([
    ['Content-Length', `HTTP/1.1 204 No Content\r\n${RATE}Content-Length: 5\r\n`, 'hello', 'Content-Length: 5'],
    [
      'Transfer-Encoding',
      `HTTP/1.1 204 No Content\r\n${RATE}Transfer-Encoding: chunked\r\n`,
      '5\r\nhello\r\n0\r\n\r\n',
      'Transfer-Encoding: chunked',
    ],
  ])('fails body-schema when its %s announces a body the client never sees', async (_header, head, body, actual) => {
    const { outcome, bodySchema } = await deleteChecked(await rawServer(head, body));
    expect(outcome.status).toBe(204);
    expect(outcome.text).toBe(''); // what fetch hands over: the bytes are gone
    expect(bodySchema?.passed).toBe(false);
    expect(bodySchema?.failures).toEqual([
      expect.objectContaining({
        location: 'response.body',
        keyword: 'noContent',
        actual,
        message: expect.stringMatching(/^a 204 answer has no content \(RFC 9110 §15\.3\.5\), but this one announces/),
      }),
    ]);
    expect(outcome.checks.filter((c) => !c.passed).map((c) => c.check)).toEqual(['body-schema']);
  });

  it('passes a 204 without content, with Content-Length: 0 or none', async () => {
    for (const head of [
      `HTTP/1.1 204 No Content\r\n${RATE}`,
      `HTTP/1.1 204 No Content\r\n${RATE}Content-Length: 0\r\n`,
    ]) {
      const { outcome } = await deleteChecked(await rawServer(head));
      expect(outcome.checks.every((c) => c.passed)).toBe(true);
      await new Promise((resolve) => server?.close(resolve));
      server = undefined;
    }
  });

  it('names the bytes when a client does hand them over', () => {
    expect(noContentFailures(204, new Headers(), new TextEncoder().encode('hello'))).toEqual([
      expect.objectContaining({
        actual: '5 bytes',
        message: expect.stringContaining('but 5 bytes came with this one'),
      }),
    ]);
    expect(noContentFailures(200, new Headers({ 'content-length': '5' }), '')).toEqual([]);
    expect(noContentFailures(204, new Headers({ 'content-length': '0, 0' }), '')).toEqual([]);
  });
});
