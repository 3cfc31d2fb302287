import type { Sandbox } from '@assetkit/sandbox';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../src/runner/clock.js';
import type { RunReport } from '../src/runner/report-types.js';
import { runSuite } from '../src/runner/run-suite.js';
import type { FetchLike } from '../src/runner/scenario-types.js';
import { webflowAssets } from '../src/scenarios/webflow-assets/index.js';
import { fakeClock, SECONDARY_LOCALE, startTestSandbox } from './helpers.js';
import { PROXY_KEYS, startProxyStack } from './proxy-stack.js';

/** A whole run, following the budget the server announces, on `clock`; and every status it was answered. */
async function paced(
  target: { baseUrl: string; token: string; readOnlyToken: string; siteId: string },
  clock: Clock,
): Promise<{ report: RunReport; statuses: number[] }> {
  const statuses: number[] = [];
  const fetchNoting: FetchLike = async (input, init) => {
    const res = await fetch(input, init);
    statuses.push(res.status);
    return res;
  };
  const report = await runSuite({
    module: webflowAssets,
    baseUrl: target.baseUrl,
    token: target.token,
    readOnlyToken: target.readOnlyToken,
    vars: { siteId: target.siteId, localeId: SECONDARY_LOCALE },
    clock,
    fetch: fetchNoting,
  });
  return { report, statuses };
}

/** The requests the sandbox's API got with its read-write token. */
const withToken = (sandbox: Sandbox) =>
  sandbox.requests.entries().filter((r) => r.headers.authorization === `Bearer ${sandbox.token}`);

const sum = (ms: number[]) => ms.reduce((a, b) => a + b, 0);

/** The sandbox answers list-assets 60 ms after counting it: the run's other answers come while those are in flight, already counted, as on a network. */
const SLOW_LISTS = { operations: ['list-assets'], latencyMs: 60 };

/** How many requests a whole run sends with its read-write token. */
let perRun = 0;
beforeAll(async () => {
  const sandbox = await startTestSandbox();
  try {
    await paced({ ...sandbox, baseUrl: sandbox.url }, fakeClock());
    perRun = withToken(sandbox).length;
  } finally {
    await sandbox.close();
  }
});

// Found in review: through the pnpm start proxy (30 requests a minute) a run of 58 requests took
// two minutes, pausing twice: from each X-RateLimit-Remaining it subtracted every request still in
// flight, though the server had counted some of them already, and went on subtracting them after
// their own answers said so. A fresh 60-a-minute sandbox made the same run pause a minute too.
// The clock moves only when the run waits: the servers' minutes end, and their budgets refill, only then.
describe('a run that follows what the server says is left of its budget', () => {
  it('does not pause when the budget holds the whole run (fixed minutes: the sandbox)', async () => {
    const clock = fakeClock();
    const sandbox = await startTestSandbox({ rateLimitPerMinute: perRun, now: clock.now, faults: SLOW_LISTS });
    try {
      const { report, statuses } = await paced({ ...sandbox, baseUrl: sandbox.url }, clock);
      expect(withToken(sandbox)).toHaveLength(perRun);
      expect(statuses.filter((s) => s === 429)).toEqual([]);
      expect(report.rateLimit.paused).toBeUndefined();
      expect(clock.slept).toEqual([]);
      expect(report.summary.failed).toBe(0);
    } finally {
      await sandbox.close();
    }
  });

  it('pauses once, for a minute, when the run needs two minutes (fixed minutes: the sandbox)', async () => {
    const clock = fakeClock();
    const budget = Math.ceil(perRun / 2);
    const sandbox = await startTestSandbox({ rateLimitPerMinute: budget, now: clock.now, faults: SLOW_LISTS });
    try {
      const { report, statuses } = await paced({ ...sandbox, baseUrl: sandbox.url }, clock);
      expect(statuses.filter((s) => s === 429)).toEqual([]);
      expect(report.rateLimit.paused).toEqual({ count: 1, ms: 60_000 });
      expect(sum(clock.slept)).toBe(60_000);
      expect(report.summary.failed).toBe(0);
    } finally {
      await sandbox.close();
    }
  });

  it('does not pause when the budget holds the whole run (refilled continuously: the proxy)', async () => {
    const clock = fakeClock();
    const budgets = { key: perRun, sandbox: 100_000, now: clock.now };
    const stack = await startProxyStack('webflow-assets', { budgets });
    try {
      const target = { baseUrl: stack.url, token: PROXY_KEYS.writer, readOnlyToken: PROXY_KEYS.reader };
      const { report, statuses } = await paced({ ...target, siteId: stack.sandbox.siteId }, clock);
      expect(statuses.filter((s) => s === 429)).toEqual([]);
      expect(report.rateLimit.paused).toBeUndefined();
      expect(clock.slept).toEqual([]);
      expect(report.summary.failed).toBe(0);
    } finally {
      await stack.close();
    }
  });

  // The budgets of the root pnpm start: a 30-a-minute key, 60 a minute of the upstream token in
  // the proxy, and the sandbox's own 60 a minute behind it.
  it('pauses once, for a minute, through the proxy of pnpm start', async () => {
    expect(perRun).toBeGreaterThan(30);
    expect(perRun).toBeLessThanOrEqual(60);
    const clock = fakeClock();
    const budgets = { key: 30, upstream: 60, sandbox: 60, now: clock.now };
    const stack = await startProxyStack('webflow-assets', { budgets });
    try {
      const target = { baseUrl: stack.url, token: PROXY_KEYS.writer, readOnlyToken: PROXY_KEYS.reader };
      const { report, statuses } = await paced({ ...target, siteId: stack.sandbox.siteId }, clock);
      expect(statuses.filter((s) => s === 429)).toEqual([]);
      expect(report.rateLimit.paused).toEqual({ count: 1, ms: 60_000 });
      expect(sum(clock.slept)).toBe(60_000);
      expect(report.summary.failed).toBe(0);
    } finally {
      await stack.close();
    }
  });
});
