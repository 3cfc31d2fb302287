import { READ_METHODS } from '../runner/module-options.js';
import { NOT_SENT_AGAIN } from '../runner/operation-caller.js';
import { CLI_OPTION_NAMES } from '../runner/option-names.js';
import { formatRateLimit, MAX_RETRY_WAIT_MS } from '../runner/rate-limiter.js';
import type { CheckResult, LanePace, RunReport, StepReport, UnreadableLimit } from '../runner/report-types.js';
import { type Lane, laneNames } from '../runner/run-limiter.js';
import { answered } from './answered.js';
import { formatCoverage } from './coverage-text.js';

const MARK: Record<StepReport['status'], string> = { passed: '✓', failed: '✗', blocked: '○', skipped: '-' };

/** One line per finished step, for progress while a slow (rate-limited) run goes on. */
export function formatStepLine(scenario: string, step: StepReport): string {
  const failed = step.checks.filter((c) => !c.passed).length;
  const detail =
    step.status === 'failed'
      ? `${failed} of ${step.checks.length} checks failed`
      : step.reason
        ? step.reason
        : `${step.checks.length} checks`;
  return `${MARK[step.status]} ${scenario} › ${step.name} (${detail})`;
}

function formatFailure(n: number, where: string[], check: CheckResult): string[] {
  const others = [...new Set(where.slice(1))].filter((w) => w !== where[0]);
  const times =
    where.length > 1 ? ` (${where.length} times${others.length ? `, also in: ${others.join('; ')}` : ''})` : '';
  const lines = [
    `${n}) ${check.operationId ?? '(no operation)'} · ${check.check} · ${where[0]}${times}`,
    `   ${check.subject}`,
  ];
  for (const f of check.failures) {
    lines.push(
      `   at ${f.location} ${f.pointer === '' ? '(whole)' : f.pointer}${f.schemaPath ? `  [schema ${f.schemaPath}]` : ''}`,
    );
    // Only what is known: an undocumented status has an actual value but no single expected one.
    if (f.expected !== undefined) {
      lines.push(`     expected: ${f.expected}`);
    }
    if (f.actual !== undefined) {
      lines.push(`     actual:   ${f.actual}`);
    }
    if (f.message !== `expected ${f.expected}, got ${f.actual}`) {
      lines.push(`     ${f.message}`);
    }
  }
  if (check.curl) {
    lines.push(`   reproduce: ${check.curl}`);
  }
  if (check.response) {
    lines.push(`   answered:  ${answered(check.response)}`);
  }
  return lines;
}

/** Failed checks, with the same failure in several steps folded into one entry. */
function groupFailures(report: RunReport): { check: CheckResult; where: string[] }[] {
  const groups = new Map<string, { check: CheckResult; where: string[] }>();
  for (const scenario of report.scenarios) {
    for (const step of scenario.steps) {
      for (const check of step.checks.filter((c) => !c.passed)) {
        const key = JSON.stringify([
          check.operationId,
          check.check,
          check.failures.map((f) => [f.location, f.pointer, f.message]),
        ]);
        const where = `${scenario.name} › ${step.name}`;
        const group = groups.get(key);
        if (group) {
          group.where.push(where);
        } else {
          groups.set(key, { check, where: [where] });
        }
      }
    }
  }
  return [...groups.values()];
}

/**
 * The human report: each scenario with its steps (✓ passed, ✗ failed, ○ blocked, - skipped),
 * then every distinct failure (the same one in several steps is shown once, with where else)
 * with its operation, check, location and pointer, expected vs actual, the schema path and a
 * `curl` to reproduce it; then coverage, cleanup and a one-line summary.
 *
 * @example
 * stdout.write(formatConsoleReport(report));
 */
export function formatConsoleReport(
  report: RunReport,
  options: {
    minCoverage?: number;
    /** The step lines were already shown as the run went (on the same terminal): scenarios only. */
    stepsShown?: boolean;
  } = {},
): string {
  const out: string[] = [
    `assetkit-conformance · ${report.api} · ${report.baseUrl} · run ${report.runId}${report.readOnly ? ' · read-only' : ''}${report.strict ? ' · strict' : ''}`,
    '',
  ];
  for (const scenario of report.scenarios) {
    out.push(`${MARK[scenario.status]} ${scenario.name}${scenario.reason ? ` (${scenario.reason})` : ''}`);
    if (scenario.status !== 'skipped' && !options.stepsShown) {
      for (const step of scenario.steps) {
        out.push(`  ${formatStepLine(scenario.name, step).replace(`${scenario.name} › `, '')}`);
      }
    }
  }
  const failures = groupFailures(report);
  if (failures.length > 0) {
    out.push('', `Failures (${report.summary.failed} failed checks, ${failures.length} distinct)`, '');
    failures.forEach(({ check, where }, i) => {
      out.push(...formatFailure(i + 1, where, check), '');
    });
  }
  out.push('', 'Coverage (operation × documented status)', formatCoverage(report.coverage), '');
  const { removed, left } = report.cleanup;
  // A failed search for leftovers is no resource that failed to go: it is said apart.
  const failed = report.cleanup.failed.filter((f) => f.kind !== 'sweep');
  const searches = report.cleanup.failed.filter((f) => f.kind === 'sweep');
  const retried = removed.filter((r) => (r.attempts ?? 1) > 1).length;
  out.push(
    `Cleanup: removed ${removed.length}${retried ? ` (${retried} after retrying)` : ''}${failed.length ? `, FAILED to remove ${failed.length}` : ''}${left.length ? `, left ${left.length}` : ''}${searches.length ? ', the search for leftovers FAILED' : ''}`,
  );
  for (const f of searches) {
    out.push(`  ✗ the search for leftovers of run ${f.id}: ${f.error}`);
  }
  for (const f of failed) {
    const attempts = f.attempts ? ` (${f.attempts} ${f.attempts === 1 ? 'attempt' : 'attempts'})` : '';
    out.push(`  ✗ ${f.kind} ${f.id} (${f.label}): ${f.error}${attempts}`);
  }
  for (const l of left) {
    out.push(`  · ${l.kind} ${l.id} (${l.label}): ${l.reason}`);
  }
  const { summary } = report;
  const coverageNote =
    options.minCoverage !== undefined && report.coverage.triggerable.percent < options.minCoverage
      ? ` · coverage ${report.coverage.triggerable.percent}% is below --min-coverage ${options.minCoverage}%`
      : '';
  const hints = [refusedWritesHint(report), exhaustedBudgetHint(report)].filter((h) => h !== undefined);
  out.push(
    ...rateLimitLines(report.rateLimit),
    '',
    ...hints,
    `${report.interrupted ? 'INTERRUPTED · ' : ''}${summary.checks} checks: ${summary.passed} passed, ${summary.failed} failed${coverageNote} · ${(report.durationMs / 1000).toFixed(1)}s`,
  );
  return `${out.join('\n')}\n`;
}

/**
 * When writes failed because the server refused them with 403 (a read-only token run without
 * `--read-only`), says so: the failures are then the run's configuration, not the server's
 * conformance, and "15 failed" alone read as the opposite. Only a 403 the write did not expect
 * counts (its expected-status check failed): the `--token-read-only` calls expect theirs, and a
 * failed check of another kind on one of those says nothing of what `--token` may do.
 */
function refusedWritesHint(report: RunReport): string | undefined {
  if (report.readOnly) {
    return undefined;
  }
  const refused = new Set<string>();
  for (const step of report.scenarios.flatMap((s) => s.steps)) {
    for (const check of step.checks) {
      const unexpected = !check.passed && check.check === 'expected-status' && check.status === 403;
      if (unexpected && check.request && !READ_METHODS.has(check.request.method)) {
        refused.add(`${check.request.method} ${check.request.url}`);
      }
    }
  }
  return refused.size === 0
    ? undefined
    : `Hint: ${refused.size} write${refused.size === 1 ? ' was' : 's were'} refused with 403: the --token may not write here. Pass --read-only to test reads only, or a token with the write scope.`;
}

/** An `X-RateLimit-Limit` that could not be read, as the footer and the hints say it. */
function unreadableText({ value, reason }: UnreadableLimit): string {
  return `X-RateLimit-Limit \`${value}\` could not be read: ${reason}`;
}

/** The footer's line on the pace one credential kept, where it came from, and what the server announced. */
function paceLine(whose: string, { limit, source, announced, unreadable, paused }: LanePace): string {
  const why =
    source === 'option'
      ? '--rate-limit'
      : source === 'server'
        ? 'as the server announces in X-RateLimit-Limit'
        : limit
          ? 'the default for a target that is not loopback'
          : 'the default for a loopback target';
  const told =
    source === 'server'
      ? ''
      : announced === null
        ? unreadable
          ? ''
          : '; the server announced no budget'
        : `; the server announces ${announced} requests a minute`;
  const waited = paused
    ? `; paused ${paused.count} ${paused.count === 1 ? 'time' : 'times'} (${Math.round(paused.ms / 1000)} s in all) for what the server said was left`
    : '';
  return `${whose}: ${formatRateLimit(limit)} (${why})${told}${unreadable ? `; ${unreadableText(unreadable)}` : ''}${waited}`;
}

/** The footer's lines on the pace the run kept: the `--token`'s, then each other credential's that heard of a budget. */
function rateLimitLines(rateLimit: RunReport['rateLimit']): string[] {
  const lanes = Object.entries(rateLimit.lanes ?? {}) as [Lane, LanePace][];
  return [
    paceLine('Rate limit', rateLimit),
    ...lanes.map(([lane, pace]) => paceLine(`Rate limit of ${laneNames(CLI_OPTION_NAMES)[lane]}`, pace)),
  ];
}

/** What a run's pace was and where it came from, in words. */
function paceOf({ limit, source }: RunReport['rateLimit']): string {
  if (!limit) {
    return source === 'option'
      ? 'no rate limit of its own (--rate-limit unlimited)'
      : 'no rate limit of its own (none is the default for a loopback target)';
  }
  const why =
    source === 'option'
      ? '--rate-limit'
      : source === 'server'
        ? "the server's own X-RateLimit-Limit"
        : 'the default for a target that is not loopback';
  return `to ${formatRateLimit(limit)} (${why})`;
}

/** `N calls`, `1 call`. */
const calls = (n: number) => `${n} call${n === 1 ? '' : 's'}`;

/**
 * When calls still got 429 after the runner waited out `Retry-After` and sent them again (or got
 * one whose `Retry-After` was too long to wait out, and were not sent again), says what the run
 * knows of why, from its own pace and the budget the server announced: a run with no limit, or
 * one faster than the server's, may have spent the budget itself; a run that kept to the server's
 * budget was not alone in spending it (or the server allows less than it says).
 */
function exhaustedBudgetHint(report: RunReport): string | undefined {
  const limited = report.scenarios
    .flatMap((s) => s.steps)
    .flatMap((step) => step.checks)
    .filter((c) => !c.passed && c.check === 'expected-status' && c.status === 429);
  if (limited.length === 0) {
    return undefined;
  }
  const unsent = limited.filter((c) => c.subject.includes(`(${NOT_SENT_AGAIN}`)).length;
  const waited = limited.length - unsent;
  const tooLong = `got 429 with a Retry-After longer than the ${MAX_RETRY_WAIT_MS / 1000} s the suite waits, and ${unsent === 1 ? 'was' : 'were'} not sent again`;
  const head =
    unsent === 0
      ? `Hint: ${calls(waited)} still got 429 after waiting out Retry-After and sending again.`
      : waited === 0
        ? `Hint: ${calls(unsent)} ${tooLong}.`
        : `Hint: ${calls(waited)} still got 429 after waiting out Retry-After and sending again, and ${calls(unsent)} ${tooLong}.`;
  const { limit, announced, unreadable } = report.rateLimit;
  const budget =
    announced === null
      ? unreadable
        ? `the server announced no budget it could read (${unreadableText(unreadable)})`
        : 'the server announced no budget (no X-RateLimit-Limit)'
      : `the server announces ${announced} requests a minute (X-RateLimit-Limit)`;
  const announcedBudget = `the ${announced} requests a minute the server announces (X-RateLimit-Limit)`;
  const perMinute = limit ? (limit.requests * 60_000) / limit.windowMs : Number.POSITIVE_INFINITY;
  const kept = `This run kept ${paceOf(report.rateLimit)}`;
  if (!limit) {
    const advice =
      announced === null
        ? 'pass --rate-limit with the token’s budget'
        : `pass --rate-limit ${announced}/min, or leave it out to follow the server`;
    return `${head} ${kept}, and ${budget}, so its own concurrent requests may have spent the budget: ${advice}.`;
  }
  if (announced === null) {
    return `${head} ${kept}, and ${budget}: either the budget is below that pace or something else spends it too. Lower --rate-limit, or rerun when the token is idle.`;
  }
  if (perMinute > announced) {
    return `${head} ${kept}, faster than ${announcedBudget}, so its own requests may have spent the budget: lower --rate-limit to ${announced}/min, or leave it out to follow the server.`;
  }
  return `${head} ${kept}, within ${announcedBudget}, so the token's budget is being spent elsewhere too (another client, or a run moments ago), or the server allows less than it announces. Rerun when the token is idle.`;
}
