import type { Sandbox } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceAssets, runScenarios, startTestSandbox } from '../../test/helpers.js';
import type { FetchLike } from './scenario-types.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ rateLimitPerMinute: 100_000 });
});
afterAll(() => sandbox.close());

/** The sandbox, whose answers after the first `after` say nothing is left until 120 s from now. */
function spentAfter(after: number): FetchLike {
  let answered = 0;
  return async function fetchSpent(input, init) {
    const res = await fetch(input, init);
    answered++;
    if (answered <= after) {
      return res;
    }
    const headers = new Headers(res.headers);
    headers.set('x-ratelimit-remaining', '0');
    headers.set('retry-after', '120');
    return new Response(res.status === 204 ? null : await res.arrayBuffer(), { status: res.status, headers });
  };
}

// Found in review: after Ctrl-C, cleanup waited out the pause for what the server said was left,
// once per request it sent (two minutes each here), and a second Ctrl-C then lost the report.
describe('an interrupted run, while its requests pause for the server’s budget', () => {
  it('cleans up at once, without waiting for the budget', async () => {
    const interrupt = new AbortController();
    const notes: string[] = [];
    const report = await runScenarios(sandbox, ['lifecycle'], {
      rateLimit: undefined,
      fetch: spentAfter(8),
      interrupt: interrupt.signal,
      onRateLimitNote: (line) => {
        notes.push(line);
        // 120 s from the answer, less what has passed since (119.9 s on a busy host).
        if (/requests pause [\d.]+ s until the budget refills \(Retry-After: 120\)/.test(line)) {
          interrupt.abort(new Error('SIGINT'));
        }
      },
    });
    expect(report.interrupted).toBe(true);
    expect(notes.filter((line) => line.includes('requests pause'))).toHaveLength(1);
    expect(report.cleanup.removed.length).toBeGreaterThan(0);
    expect(report.cleanup.failed).toEqual([]);
    expect(await conformanceAssets(sandbox)).toEqual([]);
    expect(report.rateLimit.paused).toEqual({ count: 1, ms: expect.any(Number) });
  }, 20_000);
});
