import { createServer, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createMetrics } from '../metrics.js';
import { createRateLimitStore } from './create-store.js';

describe('createRateLimitStore with a REDIS_URL where nothing answers as Redis', () => {
  const sockets: Socket[] = [];
  // Accepts connections and never says a word (a TLS port reached without TLS, a stuck server).
  const silent = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) {
      socket.destroy();
    }
    await new Promise((resolve) => silent.close(resolve));
  });

  // Found in review: the start-up warning had no reason at all when Redis gave no error, only silence.
  it.each([
    ['redis', /^nothing answered as Redis at 127\.0\.0\.1:\d+ within 2 s \(is it a Redis server\?\)$/],
    ['rediss', /is it a Redis server with TLS, as rediss:\/\/ asks\?/],
  ])('says why it uses its own budget (%s://)', async (scheme, reason) => {
    const lines: { msg: string; reason?: string }[] = [];
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(
            ...chunk
              .toString('utf8')
              .split('\n')
              .filter(Boolean)
              .map((line) => JSON.parse(line)),
          );
          done();
        },
      }),
    });
    const store = await createRateLimitStore(`${scheme}://127.0.0.1:${port}`, { logger, metrics: createMetrics() });
    try {
      const warning = lines.find((line) => line.msg.includes('Redis did not answer at startup'));
      expect(warning?.reason).toMatch(reason);
      expect(store.backend).toBe('memory');
    } finally {
      await store.close();
    }
  });
});
