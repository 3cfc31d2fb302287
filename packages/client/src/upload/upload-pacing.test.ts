import { type Sandbox, startSandbox } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePng } from '../../test/helpers.js';
import { createAssetsClient } from '../index.js';

// Found in review: the pause meant for Webflow's per-minute budget held the storage POST too,
// which goes to another host that has no such budget (a whole rateLimitPauseMs per upload).
describe('the rate-limit pause during assets.upload', () => {
  // A sandbox whose clock the client's (injected) sleep moves on, so one request a minute is
  // enough: create-asset spends it, and get-asset, held until the next minute, is allowed.
  let clock = Date.now();
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimitPerMinute: 1, now: () => clock, logger: false });
  });
  afterAll(() => sandbox.close());

  it('holds the API calls but not the storage POST', async () => {
    const events: string[] = [];
    const client = createAssetsClient({
      baseUrl: `${sandbox.url}/v2`,
      token: sandbox.token,
      fetch: async (request) => {
        const storage = !request.headers.has('authorization');
        const path = new URL(request.url).pathname.replace(/[0-9a-f]{24}/g, ':id');
        events.push(storage ? 'storage' : `${request.method} ${path}`);
        const response = await fetch(request);
        if (!storage) {
          events.push(`remaining ${response.headers.get('x-ratelimit-remaining')}`);
        }
        return response;
      },
      retry: {
        rateLimitPauseMs: 60_000,
        sleep: async (ms) => {
          events.push('pause');
          clock += ms;
        },
      },
    });
    const asset = await client.assets.upload(sandbox.siteId, { data: uniquePng(), fileName: 'paced.png' });
    expect(asset.originalFileName).toBe('paced.png');
    expect(events).toEqual([
      'POST /v2/sites/:id/assets',
      'remaining 0',
      'storage',
      'pause',
      'GET /v2/assets/:id',
      'remaining 0',
    ]);
  });
});
