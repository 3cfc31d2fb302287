import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fakeClock,
  fastClock,
  rewritingHeader,
  runCli,
  sandboxArgs,
  startTestSandbox,
  steppingClock,
} from '../../test/helpers.js';
import type { JsonReport } from '../report/json-report.js';
import { EXIT } from './main.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assetkit-rate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Found in review: through the proxy on 127.0.0.1 (a 30-a-minute key) the default run was
// unlimited, its concurrent scenarios burnt every freed slot, and 5 checks failed as 429s.
describe('without --rate-limit, the run keeps to the budget the server announces', () => {
  it('runs against a 20-a-minute sandbox with no 429 at all, and says which limit it kept', async () => {
    // A minute in two seconds, for the sandbox's budget and the run's waits alike.
    const clock = fastClock(30);
    const sandbox = await startTestSandbox({ rateLimitPerMinute: 20, now: clock.now });
    try {
      const json = join(dir, 'announced.json');
      const { code, stdout, stderr } = await runCli(sandboxArgs(sandbox, '--json', json), { clock });
      expect(sandbox.requests.entries().filter((r) => r.status === 429)).toEqual([]);
      expect(stderr).toContain('rate limit unlimited (loopback) until the server announces one (X-RateLimit-Limit)');
      expect(stderr).toContain(
        'the server announces 20 requests a minute (X-RateLimit-Limit): rate limit 20/min from now on',
      );
      expect(stdout).toContain(' 0 failed');
      expect(code).toBe(EXIT.ok);
      const report = JSON.parse(await readFile(json, 'utf8')) as JsonReport;
      const adopted = { limit: { requests: 20, windowMs: 60_000 }, source: 'server', announced: 20 };
      // Each credential has its own budget on the sandbox, and adopts it the same way (whether a
      // lane also paused for X-RateLimit-Remaining depends on where the sandbox's minutes fall).
      expect(report.rateLimit).toMatchObject({ ...adopted, lanes: { 'read-only': adopted, other: adopted } });
      expect(stderr).toContain(
        'the server announces 20 requests a minute to --token-read-only (X-RateLimit-Limit): their rate limit 20/min from now on',
      );
      expect(stderr).toContain(
        'the server announces 20 requests a minute to calls without a valid token (X-RateLimit-Limit): their rate limit 20/min from now on',
      );
      expect(stdout).toContain(
        'Rate limit of --token-read-only: 20/min (as the server announces in X-RateLimit-Limit)\n',
      );
      // More than one minute's budget was spent, so the pacing was needed.
      expect(
        sandbox.requests.entries().filter((r) => r.headers.authorization === `Bearer ${sandbox.token}`).length,
      ).toBeGreaterThan(40);
    } finally {
      await sandbox.close();
    }
  });

  // Found in review: a second run within the same minute met 429s and waited them out, though
  // every answer said how much of the budget was left (X-RateLimit-Remaining).
  it('pauses a second run within the same minute before its budget runs out, instead of meeting 429s', async () => {
    // Time moves only when the run waits: both runs start in the sandbox's minute 0.
    const clock = fakeClock();
    const sandbox = await startTestSandbox({ rateLimitPerMinute: 60, now: clock.now });
    try {
      const first = await runCli(sandboxArgs(sandbox, '--read-only'), { clock });
      expect(first.code).toBe(EXIT.ok);
      // Part of the token's minute is gone, less than the whole run needs, and the clock stood still.
      const spent = sandbox.requests.entries().filter((r) => r.headers.authorization === `Bearer ${sandbox.token}`);
      expect(spent.length).toBeGreaterThan(10);
      expect(spent.length).toBeLessThan(40);
      expect(clock.now()).toBe(0);
      sandbox.requests.clear();
      const second = await runCli(sandboxArgs(sandbox), { clock });
      expect(sandbox.requests.entries().filter((r) => r.status === 429)).toEqual([]);
      expect(second.stderr).toMatch(
        /assetkit-conformance: --token requests pause 60 s for the minute X-RateLimit-Limit counts in \(.*\): the server said \d+ (request was|requests were) left \(X-RateLimit-Remaining\)/,
      );
      expect(second.stdout).toMatch(
        /Rate limit: 60\/min \(as the server announces in X-RateLimit-Limit\); paused 1 time \(60 s in all\) for what the server said was left\n/,
      );
      expect(second.stdout).toContain(' 0 failed');
      expect(second.code).toBe(EXIT.ok);
    } finally {
      await sandbox.close();
    }
  });

  // Found in review: through the 30-a-minute proxy a run said "paused 1 time (299 s in all)" after
  // 120 s: the five requests waiting out one pause each added its minute, and the run stopped
  // following the budget after that one pause ("another 60 s would pass the 5 minutes").
  it('counts a pause that several requests wait out together once', async () => {
    // Requests that meet the pause wait for it together, as on the system clock.
    const clock = steppingClock();
    const sandbox = await startTestSandbox({ rateLimitPerMinute: 60, now: clock.now });
    try {
      // Another client spent most of the token's minute: the run's concurrent scenarios meet the
      // pause together, soon after its probe.
      for (let i = 0; i < 55; i++) {
        const res = await fetch(`${sandbox.url}/v2/sites/${sandbox.siteId}/asset_folders`, {
          headers: { authorization: `Bearer ${sandbox.token}` },
        });
        expect(res.status).toBe(200);
      }
      const json = join(dir, 'paused-together.json');
      const run = await runCli(sandboxArgs(sandbox, '--json', json), { clock });
      expect(run.stderr).not.toContain('no longer pause');
      const report = JSON.parse(await readFile(json, 'utf8')) as JsonReport;
      // Each pause waited for the sandbox's next minute, and the clock moved only while pausing.
      const { count, ms } = report.rateLimit.paused ?? { count: 0, ms: 0 };
      expect(count).toBeGreaterThan(0);
      expect(ms).toBe(clock.now());
      expect(run.stdout).toContain(`; paused ${count} ${count === 1 ? 'time' : 'times'} (${ms / 1000} s in all)`);
      expect(sandbox.requests.entries().filter((r) => r.status === 429)).toEqual([]);
      expect(run.code).toBe(EXIT.ok);
    } finally {
      await sandbox.close();
    }
  });

  // Found in review: `30, 60` (or ten digits) was reported as "the server announced no budget".
  it('says an X-RateLimit-Limit it cannot read is unreadable, where it says a budget it adopts, and keeps the default', async () => {
    const sandbox = await startTestSandbox({ rateLimitPerMinute: 5_000 });
    const twoFigures = rewritingHeader('x-ratelimit-limit', '30, 60');
    try {
      const json = join(dir, 'unreadable.json');
      const { stdout, stderr } = await runCli(sandboxArgs(sandbox, '--read-only', '--json', json), {
        fetch: twoFigures,
      });
      const line =
        'X-RateLimit-Limit `30, 60` could not be read: it gives two different figures; the rate limit for --token stays unlimited (the default)';
      expect(stderr).toContain(`assetkit-conformance: ${line}\n`);
      expect(stderr.split(line)).toHaveLength(2); // once, not on every answer
      expect(stderr).not.toMatch(/the server announces \d/);
      expect(stdout).toContain(
        'Rate limit: unlimited (the default for a loopback target); X-RateLimit-Limit `30, 60` could not be read: it gives two different figures\n',
      );
      expect(stdout).not.toContain('announced no budget');
      const report = JSON.parse(await readFile(json, 'utf8')) as JsonReport;
      expect(report.rateLimit).toMatchObject({
        limit: null,
        source: 'default',
        announced: null,
        unreadable: { value: '30, 60', reason: 'it gives two different figures' },
      });
    } finally {
      await sandbox.close();
    }
  });

  it('keeps to an explicit --rate-limit instead, whatever the server announces', async () => {
    const sandbox = await startTestSandbox({ rateLimitPerMinute: 5_000 });
    try {
      const json = join(dir, 'explicit.json');
      const { code, stderr } = await runCli(
        sandboxArgs(sandbox, '--read-only', '--rate-limit', 'unlimited', '--json', json),
      );
      expect(code).toBe(EXIT.ok);
      expect(stderr).toContain('rate limit unlimited (--rate-limit)');
      expect(stderr).not.toContain('the server announces');
      const report = JSON.parse(await readFile(json, 'utf8')) as JsonReport;
      expect(report.rateLimit).toEqual({ limit: null, source: 'option', announced: 5_000 });
    } finally {
      await sandbox.close();
    }
  });
});
