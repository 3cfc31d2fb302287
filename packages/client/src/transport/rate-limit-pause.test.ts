import { describe, expect, it } from 'vitest';
import { resolveRetryOptions } from '../retry/retry-options.js';
import { createTransport } from './transport.js';

// Exact sequences of rate-limit headers are easier to state with an injected fetch than to coax
// out of a sandbox; the sandbox-backed version is in test/suites/resilience-suite.ts.
function transportAnswering(answers: Array<{ status: number; headers: Record<string, string> }>) {
  const delays: number[] = [];
  let next = 0;
  const transport = createTransport({
    fetch: async () => {
      const answer = answers[Math.min(next++, answers.length - 1)] ?? { status: 200, headers: {} };
      return new Response(answer.status === 204 ? null : '{}', answer);
    },
    retry: resolveRetryOptions({
      rateLimitPauseMs: 10_000,
      sleep: async (ms) => {
        delays.push(ms);
      },
    }),
    timeoutMs: 1000,
  });
  return { transport, delays };
}

describe('the rate-limit pause', () => {
  it('starts after a success with X-RateLimit-Remaining: 0 and holds the next request', async () => {
    const { transport, delays } = transportAnswering([
      { status: 200, headers: { 'x-ratelimit-remaining': '0' } },
      { status: 200, headers: { 'x-ratelimit-remaining': '59' } },
    ]);
    await transport.send(new Request('http://assets.test/v2/a'));
    expect(delays).toEqual([]);
    await transport.send(new Request('http://assets.test/v2/b'));
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThan(9000);
    expect(delays[0]).toBeLessThanOrEqual(10_000);
  });

  it('does not start after a 429, whose Retry-After already says how long to wait', async () => {
    const { transport, delays } = transportAnswering([
      { status: 429, headers: { 'x-ratelimit-remaining': '0', 'retry-after': '3' } },
      { status: 200, headers: { 'x-ratelimit-remaining': '5' } },
    ]);
    await transport.send(new Request('http://assets.test/v2/a'));
    expect(delays).toEqual([3000]);
  });

  it('neither holds an unpaced request (the storage upload) nor starts from its answer', async () => {
    const { transport, delays } = transportAnswering([
      { status: 204, headers: { 'x-ratelimit-remaining': '0' } },
      { status: 200, headers: { 'x-ratelimit-remaining': '0' } },
      { status: 204, headers: { 'x-ratelimit-remaining': '0' } },
      { status: 200, headers: { 'x-ratelimit-remaining': '59' } },
    ]);
    const storage = () => new Request('http://storage.test/', { method: 'POST' });
    await transport.send(storage(), { paced: false });
    await transport.send(new Request('http://assets.test/v2/a'));
    await transport.send(storage(), { paced: false });
    expect(delays).toEqual([]);
    await transport.send(new Request('http://assets.test/v2/b'));
    expect(delays).toHaveLength(1);
  });

  it('is off by default', async () => {
    const delays: number[] = [];
    const transport = createTransport({
      fetch: async () => new Response('{}', { headers: { 'x-ratelimit-remaining': '0' } }),
      retry: resolveRetryOptions({ sleep: async (ms) => void delays.push(ms) }),
      timeoutMs: 1000,
    });
    await transport.send(new Request('http://assets.test/v2/a'));
    await transport.send(new Request('http://assets.test/v2/a'));
    expect(delays).toEqual([]);
  });
});
