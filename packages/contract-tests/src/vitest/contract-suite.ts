import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunReport, StepReport } from '../runner/report-types.js';
import { type SkipRule, stepId } from '../runner/run-scenario.js';
import { scenarioModule } from '../scenarios/registry.js';
import { type ContractSuiteTarget, runTarget } from './run-target.js';
import { installMatchers } from './to-match-operation.js';

export type { ContractSuiteTarget } from './run-target.js';

/** Options of {@link runContractSuite}. */
export interface ContractSuiteOptions {
  name: string;
  /** The target, or a factory run in `beforeAll` (start a server there). */
  target: ContractSuiteTarget | (() => Promise<ContractSuiteTarget>);
  /** Tests not to run, each with why (`scenario` or `scenario › step`). */
  skip?: SkipRule[];
  api?: string;
  strict?: boolean;
  /** Exhausts the token's budget at the end to check every 429 (the CLI's `--exercise-rate-limit`). */
  exerciseRateLimit?: boolean;
  /** How long one request may take, in ms (runSuite's `timeoutMs`; default 30 s). */
  timeoutMs?: number;
}

function failureMessage(step: StepReport): string {
  const lines = step.checks
    .filter((c) => !c.passed)
    .flatMap((c) => [
      `${c.operationId ?? ''} ${c.check}: ${c.subject}`.trim(),
      ...c.failures.map((f) => `  ${f.location} ${f.pointer || '(whole)'}: ${f.message}`),
      ...(c.curl ? [`  reproduce: ${c.curl}`] : []),
    ]);
  return [`${step.name} failed${step.reason ? ` (${step.reason})` : ''}:`, ...lines].join('\n');
}

/**
 * Registers the conformance suite for one target: `describe(name)` with one `it` per scenario
 * step (each fails with the pointers of its failed checks), one for triggerable coverage and one
 * for cleanup. The suite runs once, in `beforeAll`; a target file needs only a few lines.
 *
 * @example
 * runContractSuite({ name: 'sandbox', target: async () => ({ baseUrl, token, vars: { siteId } }) });
 */
export function runContractSuite({
  name,
  target,
  skip = [],
  api = 'webflow-assets',
  strict = false,
  exerciseRateLimit = false,
  timeoutMs,
}: ContractSuiteOptions): void {
  const module = scenarioModule(api);
  if (!module) {
    throw new TypeError(`no scenarios for API ${JSON.stringify(api)}`);
  }
  for (const rule of skip) {
    if (rule.reason.trim() === '') {
      throw new TypeError(`skipping ${rule.tests.join(', ')} needs a reason`);
    }
  }
  installMatchers();
  describe(name, () => {
    let report: RunReport | undefined;
    let resolved: ContractSuiteTarget | undefined;
    beforeAll(async () => {
      resolved = typeof target === 'function' ? await target() : target;
      report = await runTarget(module, resolved, { strict, exerciseRateLimit, skip, timeoutMs });
    }, 120_000);
    afterAll(async () => {
      await resolved?.close?.();
    });
    const scenarios = [{ name: 'probe', steps: () => [{ name: 'target answers' }] }, ...module.scenarios];
    for (const scenario of scenarios) {
      describe(scenario.name, () => {
        for (const { name: step } of scenario.steps({ runId: 'list' })) {
          const rule = skip.find(
            (r) => r.tests.includes(scenario.name) || r.tests.includes(stepId(scenario.name, step)),
          );
          if (rule) {
            it.skip(`${step} (skipped: ${rule.reason})`, () => {});
            continue;
          }
          it(step, (ctx) => {
            const result = report?.scenarios.find((s) => s.name === scenario.name)?.steps.find((s) => s.name === step);
            if (!result) {
              throw new Error('the suite did not run this step (see the beforeAll error)');
            }
            if (result.status === 'failed') {
              throw new Error(failureMessage(result));
            }
            if (result.status !== 'passed') {
              ctx.skip(`${result.status}: ${result.reason ?? ''}`);
            }
          });
        }
      });
    }
    it('exercises every triggerable operation × status pair', () => {
      const missed = report?.coverage.pairs.filter((p) => p.triggerable && p.exercised === 0) ?? [];
      if (!report || missed.length > 0) {
        throw new Error(
          `not exercised: ${missed.map((p) => `${p.operationId} ${p.status}`).join(', ') || 'no report'}`,
        );
      }
    });
    it('removes everything it created that the API can remove', () => {
      if (!report || report.cleanup.failed.length > 0) {
        throw new Error(`cleanup failed: ${JSON.stringify(report?.cleanup.failed ?? 'no report')}`);
      }
    });
  });
}
