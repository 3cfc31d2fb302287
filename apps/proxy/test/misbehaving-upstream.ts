import { createServer, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

/** 4 MB of spaces, gzipped to about 4 kB: small on the wire, large once decompressed. */
const GZIP_BOMB = gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20));

/** The ways the fake upstream breaks HTTP, one per request. */
export const MISBEHAVIOURS = {
  /** A chunked 200 that never ends. */
  endless: (socket: Socket) => {
    socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
    const chunk = `2000\r\n${'['.repeat(0x2000)}\r\n`;
    const pump = setInterval(() => (socket.writable ? socket.write(chunk) : clearInterval(pump)), 1);
    socket.once('close', () => clearInterval(pump));
  },
  /** A 200 declaring and sending 2 MB. */
  oversized: (socket: Socket) => {
    const size = 2 * 1024 * 1024;
    socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${size}\r\n\r\n`);
    socket.end(Buffer.alloc(size, 0x20));
  },
  /** A 200 in gzip (though asked for identity) of 4 kB that decompresses to 4 MB. */
  'gzip bomb': (socket: Socket) => {
    socket.write(
      `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: ${GZIP_BOMB.length}\r\n\r\n`,
    );
    socket.end(GZIP_BOMB);
  },
  /** A 200 whose connection is reset a tenth of the way through its body. */
  'reset mid-body': (socket: Socket) => {
    socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"assetFolders":[');
    setTimeout(() => socket.resetAndDestroy(), 10);
  },
  /**
   * A chunked 200 of two million one-byte chunks (14 MB on the wire, 2 MB of body: spaces), in
   * writes of 70 kB as the socket drains.
   */
  'one-byte chunks': async (socket: Socket) => {
    socket.write(
      'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n' +
        'x-ratelimit-limit: 60\r\nx-ratelimit-remaining: 59\r\n\r\n',
    );
    const piece = Buffer.from('1\r\n \r\n'.repeat(10_000));
    for (let sent = 0; sent < 2_000_000 && socket.writable; sent += 10_000) {
      if (!socket.write(piece)) {
        await new Promise((resolve) => socket.once('drain', resolve));
      }
    }
    socket.end('0\r\n\r\n');
  },
  /** A 200 with a JSON content type and a body that is not JSON. */
  'invalid JSON': (socket: Socket) => respond(socket, 'application/json', '{"assetFolders":[{"id":'),
  /**
   * A valid folder list whose `Connection` header lists `X-RateLimit-Limit`: hop-by-hop, so it is
   * not passed on, and the caller would get a 200 without a header the spec requires.
   */
  'rate limit header listed in Connection': (socket: Socket) => {
    const body = '{"assetFolders":[],"pagination":{"limit":100,"offset":0,"total":0}}';
    socket.end(
      `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n` +
        `connection: close, x-ratelimit-limit\r\nx-ratelimit-limit: 60\r\nx-ratelimit-remaining: 59\r\n\r\n${body}`,
    );
  },
  /** A valid folder list with `X-RateLimit-Remaining` twice (two budgets' figures, or a bug). */
  'rate limit remaining twice': (socket: Socket) => {
    const body = '{"assetFolders":[],"pagination":{"limit":100,"offset":0,"total":0}}';
    socket.end(
      `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n` +
        `x-ratelimit-limit: 600\r\nx-ratelimit-remaining: 599\r\nx-ratelimit-remaining: 598\r\n\r\n${body}`,
    );
  },
  /** A 200 in HTML. */
  'wrong content type': (socket: Socket) => respond(socket, 'text/html', '<html><body>maintenance</body></html>'),
  /** Bytes that are not HTTP at all. */
  'not HTTP': (socket: Socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'),
  /** The connection closed without a byte. */
  'closed without answer': (socket: Socket) => socket.end(),
  /** Headers never come. */
  'stall before headers': (_socket: Socket) => undefined,
  /** Headers and half a body, then silence. */
  'stall mid-body': (socket: Socket) =>
    socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"assetFolders":'),
  /** Headers, then one byte of body every 100 ms: never silent long enough for a body timeout. */
  drip: (socket: Socket) => {
    socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n');
    const pump = setInterval(() => (socket.writable ? socket.write(' ') : clearInterval(pump)), 100);
    socket.once('close', () => clearInterval(pump));
  },
  /** A folder list breaking the contract 151 times: 150 folder ids that are no ObjectId, no pagination. */
  '151 problems': (socket: Socket) =>
    respond(
      socket,
      'application/json',
      JSON.stringify({
        assetFolders: Array.from({ length: 150 }, (_, i) => ({
          id: `not-an-id-${i}`,
          displayName: `folder ${i}`,
          parentFolder: null,
          assets: [],
          siteId: '65f0a1b2c3d4e5f6a7b8c9d0',
          createdOn: '2026-01-01T00:00:00Z',
          lastUpdated: '2026-01-01T00:00:00Z',
        })),
      }),
    ),
} as const;

/** A misbehaviour's name. */
export type Misbehaviour = keyof typeof MISBEHAVIOURS;

/** A complete answer, then the connection closed (the fake reads one request per connection). */
function respond(socket: Socket, type: string, body: string): void {
  socket.end(
    `HTTP/1.1 200 OK\r\ncontent-type: ${type}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `connection: close\r\nx-ratelimit-limit: 60\r\nx-ratelimit-remaining: 59\r\n\r\n${body}`,
  );
}

/** A hand-written upstream on `listen(0)` that misbehaves as told, and counts its open sockets. */
export interface MisbehavingUpstream {
  url: string;
  /** What the next requests get. */
  mode: Misbehaviour;
  openSockets(): number;
  /** The request lines it has received, oldest first. */
  requestLines(): string[];
  close(): Promise<void>;
}

/**
 * Starts an upstream that breaks HTTP in one chosen way (faults the sandbox cannot produce:
 * endless, oversized or reset bodies, stalls, non-HTTP bytes). Each request is answered per the
 * current `mode` once its head has arrived.
 *
 * @example
 * const upstream = await startMisbehavingUpstream();
 * upstream.mode = 'endless';
 */
export async function startMisbehavingUpstream(): Promise<MisbehavingUpstream> {
  const sockets = new Set<Socket>();
  const state = { mode: 'endless' as Misbehaviour };
  const requestLines: string[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        socket.removeListener('data', onData);
        socket.resume();
        requestLines.push(head.slice(0, head.indexOf('\r\n')));
        MISBEHAVIOURS[state.mode](socket);
      }
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return state.mode;
    },
    set mode(next) {
      state.mode = next;
    },
    openSockets: () => sockets.size,
    requestLines: () => [...requestLines],
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
