import { InterruptedError, TransportError } from './operation-caller.js';
import type { CheckResult, ScenarioReport, StepReport, StepStatus } from './report-types.js';
import type { Scenario, StepContext } from './scenario-types.js';
import { BlockedError, SkippedError } from './step-context.js';

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

/**
 * Runs a scenario's steps in order. A step fails when any of its checks fails or it throws; once
 * a step throws, the later steps are reported as blocked (they would only repeat the failure).
 * Interruption blocks the remaining steps too. Nothing here knows which API is under test.
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
    } else if (blockedBy !== undefined) {
      status = 'blocked';
      reason = blockedBy;
    } else {
      try {
        await step.run(options.context(checks));
        status = checks.every((c) => c.passed) ? 'passed' : 'failed';
      } catch (error) {
        if (error instanceof SkippedError) {
          status = checks.some((c) => !c.passed) ? 'failed' : 'skipped';
          reason = error.message;
          const report: StepReport = { name: step.name, status, reason, durationMs: options.now() - started, checks };
          steps.push(report);
          options.onStep?.(scenario.name, report);
          continue;
        }
        if (error instanceof BlockedError) {
          // Blocked after an earlier failure is a consequence; blocked out of nowhere is a failure
          // in its own right (data the server should have sent never came), never a silent pass.
          const explained = steps.some((s) => s.status === 'failed');
          if (!explained && checks.every((c) => c.passed)) {
            checks.push(errorCheck(error));
          }
          status = checks.some((c) => !c.passed) ? 'failed' : 'blocked';
          reason = error.message;
        } else if (error instanceof InterruptedError) {
          status = 'blocked';
          reason = error.message;
        } else {
          checks.push(errorCheck(error));
          status = 'failed';
          reason = error instanceof Error ? error.message : String(error);
        }
        blockedBy = error instanceof InterruptedError ? error.message : `blocked: "${step.name}" did not complete`;
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
