import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyUrl, spawnMain } from '../test/main-process.js';

/**
 * A heap the sandbox runs well in, and that a body kept as millions of pieces (about 100 bytes of
 * heap each) would overflow: the process would die, so its answer is the test.
 */
const SMALL_HEAP = '--max-old-space-size=64';

/**
 * Sends `head`, then `count` one-byte chunks of a chunked body (7 bytes each on the wire, in
 * writes of 70 kB), then the last chunk; resolves with what came back once the server closed.
 */
function sendOneByteChunks(base: string, head: string, count: number): Promise<string> {
  const url = new URL(base);
  const piece = Buffer.from('1\r\n \r\n'.repeat(10_000));
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(Number(url.port), url.hostname, async () => {
      socket.write(head);
      for (let sent = 0; sent < count; sent += 10_000) {
        if (!socket.write(piece)) {
          await new Promise((drained) => socket.once('drain', drained));
        }
      }
      socket.write('0\r\n\r\n');
    });
    socket.on('data', (data) => {
      answer += data.toString('utf8');
    });
    socket.on('error', () => undefined);
    socket.once('close', () => resolve(answer));
  });
}

// Found in review of the proxy, which had the same reader: a body was kept as the pieces it came
// in and joined at its end, and a sender may cut it into one-byte chunks, each piece an object of
// its own: a 1 MB API body took about 100 MB of heap, a Konifer body at its 16 MiB limit some 1.6 GB.
describe('a request body sent in one-byte chunks', () => {
  let root: string;
  let child: ChildProcessWithoutNullStreams;
  let url: string;
  let site: string;
  let token: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'sandbox-body-memory-'));
    child = spawnMain({ PORT: '0', DATA_DIR: root, NODE_OPTIONS: SMALL_HEAP, RATE_LIMIT_PER_MINUTE: '1000' });
    [, url = '', site = '', token = ''] = await readyUrl(child);
  });
  afterAll(() => {
    child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('is held in about its own size by the Webflow API: a 1 MB body of a million chunks is a 400', {
    timeout: 60_000,
  }, async () => {
    const head = `POST /v2/sites/${site}/asset_folders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`;
    const answer = await sendOneByteChunks(url, head, 1_000_000);
    // A million spaces: no JSON document.
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('is not valid JSON');
    expect(child.exitCode).toBeNull();
  });

  it('is held in about its own size by the Konifer API: a 3 MB body of three million chunks is answered', {
    timeout: 60_000,
  }, async () => {
    const head = `PUT /assets/users/123 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`;
    const answer = await sendOneByteChunks(url, head, 3_000_000);
    expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(child.exitCode).toBeNull();
  });
});
