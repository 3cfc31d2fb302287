import { createServer, type OutgoingHttpHeaders, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeClock, runCli } from '../../test/helpers.js';
import { EXIT } from './main.js';

const SITE = '580e63e98c9a982ac9b8b741';
const TOO_MANY = '{"code":"too_many_requests","message":"slow down","externalReference":null,"details":[]}';

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

/** A server that refuses every request with a 429 carrying `headers`; answers its URL and how many requests it got. */
async function refusingServer(headers: OutgoingHttpHeaders): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  server = createServer((req, res) => {
    requests++;
    req.resume();
    res.writeHead(429, { 'content-type': 'application/json', ...headers });
    res.end(TOO_MANY);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/v2`, requests: () => requests };
}

// Found in review: `Retry-After: banana` with `X-RateLimit-Remaining: 0` (and a per-minute
// X-RateLimit-Limit) on every answer made each retry of the first request also pause for a whole
// minute, the minute the budget counts in, and the run took 3 minutes to give up.
describe('a 429 whose Retry-After cannot be read', () => {
  it('is sent again after short waits, a bounded number of times, then the run stops and says why', async () => {
    const target = await refusingServer({
      'retry-after': 'banana',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-limit': '60',
    });
    const clock = fakeClock();
    const { code, stderr } = await runCli(['--base-url', target.url, '--token', 't', '--site-id', SITE], { clock });
    expect(code).toBe(EXIT.usage);
    expect(target.requests()).toBe(4);
    expect(stderr.match(/answered 429; sending it again in 1 s \(no usable Retry-After\)/g)).toHaveLength(3);
    expect(stderr).not.toContain('pause');
    expect(clock.slept).toEqual([1_000, 1_000, 1_000]);
    expect(stderr).toContain(
      "the first request (GET list-asset-folders → 429) was refused: the token's request budget",
    );
  });

  it('waits for X-RateLimit-Reset when the answer has one', async () => {
    const target = await refusingServer({
      'retry-after': 'banana',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-limit': '60',
      'x-ratelimit-reset': '5',
    });
    const clock = fakeClock();
    const { code, stderr } = await runCli(['--base-url', target.url, '--token', 't', '--site-id', SITE], { clock });
    expect(code).toBe(EXIT.usage);
    expect(target.requests()).toBe(4);
    expect(stderr).toContain('--token requests pause 4 s until the budget refills (X-RateLimit-Reset: 5)');
  });
});
