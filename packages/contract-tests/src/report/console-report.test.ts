import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../test/fixtures.js';
import { runCli, sandboxArgs, startTestSandbox } from '../../test/helpers.js';
import { startStandIn } from '../../test/stand-in.js';
import type { RunReport } from '../runner/report-types.js';
import { formatConsoleReport, formatStepLine } from './console-report.js';

describe('formatConsoleReport', () => {
  const text = formatConsoleReport(sampleReport(), { minCoverage: 100 });

  it('lists each scenario and step with its mark', () => {
    expect(text).toContain('✗ lifecycle');
    expect(text).toContain('  ✗ get an uploaded asset & <its> "file" (1 of 2 checks failed)');
    expect(text).toContain('  - patch the alt text for a locale (pass --locale-id)');
  });

  it('names the operation, check, pointer, schema path, expected vs actual and a redacted curl of each failure', () => {
    expect(text).toContain('1) get-asset · body-schema · lifecycle › get an uploaded asset & <its> "file"');
    expect(text).toContain(
      '   at response.body /variants/0/height  [schema #/components/schemas/AssetVariant/properties/height/type]',
    );
    expect(text).toContain(
      '     expected: must be integer or null\n     actual:   "500"\n     must be integer or null, got string "500"',
    );
    expect(text).toContain(
      "   reproduce: curl -X GET http://127.0.0.1:4010/v2/assets/65f0a1b2c3d4e5f6a7b8c9d1 -H 'authorization: Bearer <redacted>'",
    );
  });

  it('prints the coverage matrix with both ratios, the reasons and what was missed', () => {
    expect(text).toMatch(/get-asset\s+✓\s+·/);
    expect(text).toMatch(/delete-asset\s+✗\s+·/);
    expect(text).toContain('triggerable coverage 1/2 (50%) · raw coverage 1/4 (25%)');
    expect(text).toContain('  500 on every operation: needs a fault');
    expect(text).toContain('missed: delete-asset 204');
  });

  it('prints an actual value without an unknown expected one', () => {
    const report = sampleReport();
    const step = report.scenarios[0]?.steps[0];
    step?.checks.push({
      check: 'status-documented',
      operationId: 'get-asset',
      subject: 'GET /v2/assets/x',
      passed: false,
      failures: [{ location: 'response.status', pointer: '', message: 'status 418 is not documented', actual: '418' }],
    });
    if (step) {
      step.status = 'failed';
    }
    const out = formatConsoleReport(report);
    expect(out).toContain('     actual:   418\n     status 418 is not documented');
    expect(out).not.toContain('expected: ?');
  });

  it('tells a failed search for leftovers apart from resources that failed to go', () => {
    const report = sampleReport();
    report.cleanup.failed = [
      { kind: 'sweep', id: 'abcd1234', label: 'search for leftovers', error: 'fetch failed: other side closed' },
    ];
    const out = formatConsoleReport(report);
    expect(out).toContain('Cleanup: removed 1, left 1, the search for leftovers FAILED');
    expect(out).toContain('  ✗ the search for leftovers of run abcd1234: fetch failed: other side closed');
    expect(out).not.toContain('FAILED to remove');
  });

  it('says what cleanup removed and left behind, and sums up with the coverage verdict', () => {
    expect(text).toContain('Cleanup: removed 1, left 1');
    expect(text).toContain('  · asset folder f1 (assetkit-conformance-abcd1234): no folder delete endpoint');
    expect(text).toContain('2 checks: 1 passed, 1 failed · coverage 50% is below --min-coverage 100% · 1.2s');
  });
  it('folds the same failure in several steps into one entry that says where else', () => {
    const report = sampleReport();
    const [scenario] = report.scenarios;
    const failing = scenario?.steps[0];
    if (!scenario || !failing) {
      throw new Error('sampleReport has a failing step');
    }
    scenario.steps.push({ ...failing, name: 'patch the display name' });
    report.summary.failed = 2;
    const folded = formatConsoleReport(report);
    expect(folded).toContain('Failures (2 failed checks, 1 distinct)');
    expect(folded).toContain('(2 times, also in: lifecycle › patch the display name)');
    expect(folded).not.toContain('2) ');
  });
});

describe('the rate limit in the console report', () => {
  /** The sample report with one call that still got 429 after its retries, and this rate limit. */
  function limitedReport(rateLimit: RunReport['rateLimit']): RunReport {
    const report = sampleReport();
    report.rateLimit = rateLimit;
    report.scenarios[0]?.steps[0]?.checks.push({
      check: 'expected-status',
      operationId: 'get-asset',
      status: 429,
      subject: 'GET get-asset → 429',
      passed: false,
      failures: [{ location: 'response.status', pointer: '', message: 'expected status 200, got 429' }],
    });
    return report;
  }
  const perMinute = (requests: number) => ({ requests, windowMs: 60_000 });
  const head = 'Hint: 1 call still got 429 after waiting out Retry-After and sending again.';

  it('says which limit the run kept and where it came from', () => {
    expect(formatConsoleReport(sampleReport())).toContain(
      'Rate limit: 60/min (as the server announces in X-RateLimit-Limit)\n',
    );
    const given = { limit: perMinute(120), source: 'option' as const, announced: 30 };
    expect(formatConsoleReport({ ...sampleReport(), rateLimit: given })).toContain(
      'Rate limit: 120/min (--rate-limit); the server announces 30 requests a minute\n',
    );
    const loopback = { limit: null, source: 'default' as const, announced: null };
    expect(formatConsoleReport({ ...sampleReport(), rateLimit: loopback })).toContain(
      'Rate limit: unlimited (the default for a loopback target); the server announced no budget\n',
    );
  });

  // Found in review: through a 30-a-minute proxy key, a run with no limit of its own was told its
  // budget was "being spent elsewhere too", though nothing else was calling.
  it.each([
    {
      name: 'no limit of its own, and no budget announced',
      rateLimit: { limit: null, source: 'default' as const, announced: null },
      hint: `${head} This run kept no rate limit of its own (none is the default for a loopback target), and the server announced no budget (no X-RateLimit-Limit), so its own concurrent requests may have spent the budget: pass --rate-limit with the token’s budget.`,
    },
    {
      name: 'no limit of its own, and a budget it could not read',
      rateLimit: {
        limit: null,
        source: 'default' as const,
        announced: null,
        unreadable: { value: '30, 60', reason: 'it gives two different figures' },
      },
      hint: `${head} This run kept no rate limit of its own (none is the default for a loopback target), and the server announced no budget it could read (X-RateLimit-Limit \`30, 60\` could not be read: it gives two different figures), so its own concurrent requests may have spent the budget: pass --rate-limit with the token’s budget.`,
    },
    {
      name: '--rate-limit unlimited against an announced budget',
      rateLimit: { limit: null, source: 'option' as const, announced: 30 },
      hint: `${head} This run kept no rate limit of its own (--rate-limit unlimited), and the server announces 30 requests a minute (X-RateLimit-Limit), so its own concurrent requests may have spent the budget: pass --rate-limit 30/min, or leave it out to follow the server.`,
    },
    {
      name: 'a --rate-limit faster than the announced budget',
      rateLimit: { limit: { requests: 2, windowMs: 1_000 }, source: 'option' as const, announced: 30 },
      hint: `${head} This run kept to 2/s (--rate-limit), faster than the 30 requests a minute the server announces (X-RateLimit-Limit), so its own requests may have spent the budget: lower --rate-limit to 30/min, or leave it out to follow the server.`,
    },
    {
      name: 'a pace and no budget announced',
      rateLimit: { limit: perMinute(60), source: 'default' as const, announced: null },
      hint: `${head} This run kept to 60/min (the default for a target that is not loopback), and the server announced no budget (no X-RateLimit-Limit): either the budget is below that pace or something else spends it too. Lower --rate-limit, or rerun when the token is idle.`,
    },
    {
      name: "the server's own budget",
      rateLimit: { limit: perMinute(30), source: 'server' as const, announced: 30 },
      hint: `${head} This run kept to 30/min (the server's own X-RateLimit-Limit), within the 30 requests a minute the server announces (X-RateLimit-Limit), so the token's budget is being spent elsewhere too (another client, or a run moments ago), or the server allows less than it announces. Rerun when the token is idle.`,
    },
  ])('says what the run knows of the 429s after $name', ({ rateLimit, hint }) => {
    expect(formatConsoleReport(limitedReport(rateLimit))).toContain(`${hint}\n`);
  });
});

describe('formatStepLine', () => {
  it('says how many checks a passing step made', () => {
    expect(formatStepLine('probe', { name: 'target answers', status: 'passed', durationMs: 1, checks: [] })).toBe(
      '✓ probe › target answers (0 checks)',
    );
  });
});

// Found in review: against a server whose answers all lacked X-RateLimit-*, the report ended with
// "Hint: 4 writes were refused with 403: the --token may not write here", though the --token wrote
// everything: those 403s were the --token-read-only checks, rightly refused, failing only for the
// headers. Only a write that did not expect its 403 says the token may not write.
describe('the hint on writes refused with 403', () => {
  it('is not given for the 403s a --token-read-only call expects', async () => {
    const sandbox = await startTestSandbox();
    const noRateHeaders = await startStandIn(sandbox.url, async (_, forward) => {
      const answer = await forward();
      const headers = new Headers(answer.headers);
      headers.delete('x-ratelimit-limit');
      headers.delete('x-ratelimit-remaining');
      return { ...answer, headers };
    });
    try {
      const { stdout } = await runCli(sandboxArgs(sandbox, '--base-url', noRateHeaders.url).slice(2));
      expect(stdout).toMatch(/delete-asset · headers/);
      expect(stdout).not.toContain('Hint:');
    } finally {
      await noRateHeaders.close();
      await sandbox.close();
    }
  });
});

// Found in review: calls whose 429 asked for an hour (not sent again) were counted as "still got
// 429 after waiting out Retry-After and sending again", a wait and a retry that never happened.
describe('the hint on calls that still got 429', () => {
  it('says a Retry-After too long to wait out was not waited out', async () => {
    const sandbox = await startTestSandbox();
    try {
      sandbox.setFaults({ operations: ['get-asset-folder'], error: { status: 429, retryAfterSeconds: 3600 } });
      const { stdout } = await runCli(sandboxArgs(sandbox));
      expect(stdout).toMatch(
        /Hint: \d+ calls got 429 with a Retry-After longer than the 120 s the suite waits, and were not sent again\. /,
      );
    } finally {
      await sandbox.close();
    }
  });
});
