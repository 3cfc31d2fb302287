import { connect } from 'node:net';
import { startSandbox } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS } from '../test/harness.js';
import { type MisbehavingUpstream, startMisbehavingUpstream } from '../test/misbehaving-upstream.js';
import { type ProxyProcess, startProxyProcess } from '../test/proxy-process.js';

const SITE = '65f0a1b2c3d4e5f6a7b8c9d0';
const LIST = `/v2/sites/${SITE}/asset_folders`;
const KEYS_ENV = JSON.stringify([
  { name: 'w', key: KEYS.writer, scopes: ['assets:read', 'assets:write'], ratePerMinute: 1e6 },
]);
/**
 * A heap the proxy runs well in, and that a body kept as a million pieces (about 100 MB) would
 * overflow: the process would die, so its answer is the test.
 */
const SMALL_HEAP = '--max-old-space-size=64';

/** A chunked body of `count` one-byte chunks (7 bytes each on the wire), in writes of 70 kB. */
async function sendOneByteChunks(socket: ReturnType<typeof connect>, count: number): Promise<void> {
  const piece = Buffer.from('1\r\n \r\n'.repeat(10_000));
  for (let sent = 0; sent < count; sent += 10_000) {
    if (!socket.write(piece)) {
      await new Promise((resolve) => socket.once('drain', resolve));
    }
  }
}

/** Sends `head`, then one-byte chunks, then the last chunk; what came back once the proxy closed. */
function exchange(base: string, head: string, chunks: number): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(Number(url.port), url.hostname, async () => {
      socket.write(head);
      await sendOneByteChunks(socket, chunks);
      socket.write('0\r\n\r\n');
    });
    socket.on('data', (data) => {
      answer += data.toString('utf8');
    });
    socket.on('error', () => undefined);
    socket.once('close', () => resolve(answer));
  });
}

// Found in review: a body was kept as the pieces it came in and joined at its end. Each piece is
// an object of its own (about 100 bytes of heap beside its bytes), and a sender may cut a body
// into one-byte chunks: a 1 MB request body took about 100 MB of heap, a 20 MB upstream answer
// about 2 GB.
describe('a body sent in one-byte chunks', () => {
  describe('by a caller', () => {
    let sandbox: Awaited<ReturnType<typeof startSandbox>>;
    let proxy: ProxyProcess;
    beforeAll(async () => {
      sandbox = await startSandbox({ rateLimitPerMinute: 1_000_000 });
      proxy = await startProxyProcess({
        UPSTREAM_URL: sandbox.url,
        UPSTREAM_TOKEN: sandbox.token,
        UPSTREAM_RATE_LIMIT: '0',
        PROXY_KEYS: KEYS_ENV,
        NODE_OPTIONS: SMALL_HEAP,
      });
    });
    afterAll(async () => {
      proxy.child.kill('SIGKILL');
      await sandbox.close();
    });

    it('is held in about its own size: a 1 MB body of a million chunks is answered, not fatal', {
      timeout: 60_000,
    }, async () => {
      const head = `POST ${LIST} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.writer}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`;
      const answer = await exchange(proxy.api, head, 1_000_000);
      // A million spaces: no JSON document, refused and never forwarded.
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain('is not valid JSON');
      expect(sandbox.requests.entries()).toEqual([]);
      expect(proxy.child.exitCode).toBeNull();
    });
  });

  describe('by the upstream', () => {
    let upstream: MisbehavingUpstream;
    let proxy: ProxyProcess;
    beforeAll(async () => {
      upstream = await startMisbehavingUpstream();
      proxy = await startProxyProcess({
        UPSTREAM_URL: upstream.url,
        UPSTREAM_TOKEN: 'upstream-token-0123456789',
        UPSTREAM_RATE_LIMIT: '0',
        PROXY_KEYS: KEYS_ENV,
        NODE_OPTIONS: SMALL_HEAP,
      });
    });
    afterAll(async () => {
      proxy.child.kill('SIGKILL');
      await upstream.close();
    });

    it('is held in about its own size: a 2 MB answer of two million chunks is answered, not fatal', {
      timeout: 60_000,
    }, async () => {
      upstream.mode = 'one-byte chunks';
      const response = await fetch(`${proxy.api}/sites/${SITE}/asset_folders`, {
        headers: { authorization: `Bearer ${KEYS.writer}` },
      });
      // Two million spaces: no JSON document, so the answer breaks the contract.
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ code: 'response_validation_failed' });
      expect(proxy.child.exitCode).toBeNull();
    });
  });
});
