import { describe, expect, it, vi } from 'vitest';
import { startProxy, startStack } from '../../test/harness.js';
import { startMisbehavingUpstream } from '../../test/misbehaving-upstream.js';
import { getOnce } from '../../test/raw-client.js';
import { apiPathTest } from '../steps/within-api.js';
import { isOperationsPath } from './health.js';

describe('isOperationsPath', () => {
  it.each([
    ['/healthz', true],
    ['/readyz?verbose=1', true],
    ['/metrics', true],
    ['/metrics/extra', false],
    ['/v2/metrics', false],
    ['/', false],
  ])('%s → %s', (url, want) => {
    expect(isOperationsPath(url)).toBe(want);
  });
});

describe('apiPathTest', () => {
  it('matches only paths under a server base path', () => {
    const isApi = apiPathTest(['/beta', '/v2']);
    expect(['/v2/assets/x', '/beta/assets/x', '/v2', '/v20/x', '/healthz'].map(isApi)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('owns every path when the spec is served at the root', () => {
    const isApi = apiPathTest(['']);
    expect(['/assets/a/b', '/healthz', '/'].map(isApi)).toEqual([true, true, true]);
  });
});

describe('/readyz, over HTTP', () => {
  // Found in review: its body named the upstream's origin (`"upstream":"http://10.0.3.7:4010"`) to
  // anyone who could reach the proxy, without a key, and with CORS_ORIGINS=* to any web page. The
  // operator has it already, in the ready line and the configuration.
  it('says whether the upstream answers, not where it is', async () => {
    const stack = await startStack();
    try {
      const res = await stack.call('/readyz', { key: null });
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(Object.keys(JSON.parse(text))).toEqual(['status', 'upstreamCredential']);
      expect(text).not.toContain(new URL(stack.sandbox.url).host);
    } finally {
      await stack.close();
    }
  });

  // Found in review: the two seconds its answer is kept were measured on the wall clock, so a clock
  // set back (NTP stepping it, a VM resumed) kept the last answer for as long as the step: an hour
  // back, and every replica on that host stayed "upstream unreachable" (out of rotation) for an hour
  // after the upstream came back. The system clock cannot be moved from a test: only Date is faked.
  it('probes again two seconds later, even when the clock was set back meanwhile', async () => {
    const upstream = await startMisbehavingUpstream();
    upstream.mode = 'closed without answer';
    const proxy = await startProxy(upstream.url);
    try {
      expect((await getOnce(`${proxy.url}/readyz`, {})).status).toBe(503);
      vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
      vi.setSystemTime(Date.now() - 3_600_000);
      upstream.mode = 'invalid JSON';
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      expect((await getOnce(`${proxy.url}/readyz`, {})).status).toBe(200);
      expect(upstream.requestLines()).toEqual(['GET / HTTP/1.1', 'GET / HTTP/1.1']);
    } finally {
      vi.useRealTimers();
      await proxy.close();
      await upstream.close();
    }
  });
});
