import { toCurl } from './curl.js';
import { InterruptedError, SILENT_IN_A_ROW_BEFORE_GIVING_UP, TransportError } from './operation-caller.js';
import type { CheckResult, ScenarioReport, StepReport, StepStatus } from './report-types.js';
import type { Scenario, StepContext } from './scenario-types.js';
import { BlockedError, SkippedError } from './step-context.js';
import { type RequestTally, trackRequests } from './step-requests.js';

/** Skips steps by id: a scenario name skips all of it, `scenario › step` one step. */
export interface SkipRule {
  reason: string;
  tests: readonly string[];
}

/** The id of a step in skip rules and reports: `lifecycle › create folder`. */
export function stepId(scenario: string, step: string): string {
  return `${scenario} › ${step}`;
}

function skipReason(rules: readonly SkipRule[], scenario: string, step: string): string | undefined {
  return rules.find((r) => r.tests.includes(scenario) || r.tests.includes(stepId(scenario, step)))?.reason;
}

function errorCheck(error: unknown): CheckResult {
  if (error instanceof TransportError) {
    return {
      check: 'transport',
      ...(error.operationId !== undefined && { operationId: error.operationId }),
      subject: `${error.request.method} ${error.request.url}`,
      passed: false,
      failures: [{ location: 'transport', pointer: '', message: error.message }],
      request: error.request,
      // A request that got no answer is the one most worth repeating by hand.
      curl: toCurl(error.request),
    };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    check: 'step-error',
    subject: 'the step threw (usually a response the scenario could not use)',
    passed: false,
    failures: [{ location: 'semantic', pointer: '', message }],
  };
}

const quoted = (names: string[], joiner = ', ') => names.map((n) => `"${n}"`).join(joiner);

/** What explains a step's missing data: the earlier steps that failed or a skip rule left out. */
function explanation(earlier: { failed: string[]; skipped: string[] }): string | undefined {
  const parts = [
    ...(earlier.failed.length > 0 ? [`failed: ${quoted(earlier.failed)}`] : []),
    ...(earlier.skipped.length > 0 ? [`skipped: ${quoted(earlier.skipped)}`] : []),
  ];
  return parts.length > 0 ? `earlier steps ${parts.join('; ')}` : undefined;
}

/**
 * Status and reason of a step that threw; adds the check the error stands for, unless it is
 * `recorded` already (a transport failure of one of the step's requests).
 */
function thrownOutcome(
  error: unknown,
  checks: CheckResult[],
  { explained, recorded }: { explained: string | undefined; recorded: boolean },
): { status: StepStatus; reason: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SkippedError) {
    return { status: checks.some((c) => !c.passed) ? 'failed' : 'skipped', reason: message };
  }
  if (error instanceof BlockedError) {
    // Blocked after an earlier failure is a consequence; blocked out of nowhere is a failure in
    // its own right (data the server should have sent never came), never a silent pass.
    if (explained === undefined && checks.every((c) => c.passed)) {
      checks.push(errorCheck(error));
    }
    const status = checks.some((c) => !c.passed) ? 'failed' : 'blocked';
    return { status, reason: explained === undefined ? message : `${message} (${explained})` };
  }
  if (error instanceof InterruptedError) {
    return { status: 'blocked', reason: message };
  }
  if (!recorded) {
    checks.push(errorCheck(error));
  }
  return { status: 'failed', reason: message };
}

/** Whether the target left every API call of the step unanswered (a step that sent none is not silent). */
const silent = (tally: RequestTally) => tally.unanswered > 0 && tally.answered === 0;

/**
 * Runs a scenario's steps in order. A step fails when any of its checks fails or it throws, and
 * the later steps run all the same: most do not depend on it (a negative check, a list of the
 * site), and one that does reads the data through `ctx.need`, so it is reported as blocked,
 * naming what is missing and the earlier steps that failed or were skipped. A step's requests
 * all settle before the next step starts, so steps never overlap.
 *
 * Two things block every remaining step instead:
 * - interruption (Ctrl-C, the run's deadline): nothing new is sent;
 * - a target that stopped answering: when two steps in a row had API calls and got no response
 *   to any of them (transport errors only; steps that call nothing do not count), the rest of the
 *   scenario is blocked rather than each step waiting out its own timeout. One dropped
 *   connection costs only the step it hit; a dead target costs each scenario two timeouts.
 *
 * Nothing here knows which API is under test.
 */
export async function runScenario(
  scenario: Scenario,
  options: {
    runId: string;
    context: (checks: CheckResult[]) => StepContext;
    skip: readonly SkipRule[];
    now: () => number;
    onStep?: ((scenario: string, step: StepReport) => void) | undefined;
  },
): Promise<ScenarioReport> {
  const steps: StepReport[] = [];
  const earlier = { failed: [] as string[], skipped: [] as string[] };
  let silentSteps: string[] = [];
  let blockedBy: string | undefined;
  for (const step of scenario.steps({ runId: options.runId })) {
    const started = options.now();
    const checks: CheckResult[] = [];
    const skipped = skipReason(options.skip, scenario.name, step.name);
    let status: StepStatus = 'passed';
    let reason: string | undefined;
    if (skipped !== undefined) {
      status = 'skipped';
      reason = skipped;
      earlier.skipped.push(step.name);
    } else if (blockedBy !== undefined) {
      status = 'blocked';
      reason = blockedBy;
    } else {
      const requests = trackRequests(options.context(checks));
      let thrown: { error: unknown } | undefined;
      try {
        await step.run(requests.context);
      } catch (error) {
        thrown = { error };
      }
      const tally = await requests.settled();
      // Every request that got no answer, in the order they failed (siblings of the one that stopped the step too).
      checks.push(...tally.transportErrors.map(errorCheck));
      ({ status, reason } = thrown
        ? thrownOutcome(thrown.error, checks, {
            explained: explanation(earlier),
            recorded: tally.transportErrors.some((e) => e === thrown.error),
          })
        : { status: checks.every((c) => c.passed) ? 'passed' : 'failed', reason: undefined });
      if (tally.answered > 0) {
        silentSteps = [];
      } else if (silent(tally)) {
        silentSteps.push(step.name);
      }
      if (thrown?.error instanceof InterruptedError || tally.interrupted) {
        blockedBy = new InterruptedError().message;
      } else if (silentSteps.length >= SILENT_IN_A_ROW_BEFORE_GIVING_UP) {
        blockedBy = `blocked: the target stopped answering (no API call in ${quoted(silentSteps, ' or ')} got a response)`;
      }
      if (status === 'failed') {
        earlier.failed.push(step.name);
      }
    }
    const report: StepReport = { name: step.name, status, durationMs: options.now() - started, checks };
    if (reason !== undefined) {
      report.reason = reason;
    }
    steps.push(report);
    options.onStep?.(scenario.name, report);
  }
  const failed = steps.some((s) => s.status === 'failed');
  const ran = steps.some((s) => s.status === 'passed' || s.status === 'failed');
  const status: StepStatus = failed ? 'failed' : ran ? 'passed' : (steps[0]?.status ?? 'skipped');
  return { name: scenario.name, description: scenario.description, status, steps };
}
