import type { Sandbox } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenarios, startTestSandbox } from '../../../test/helpers.js';
import { CLI_OPTION_NAMES } from '../../runner/option-names.js';
import type { RunReport } from '../../runner/report-types.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

const scenarioReason = (report: RunReport) => report.scenarios.find((s) => s.name === 'rate limit')?.reason;
const pairReason = (report: RunReport, operationId: string, status: string) =>
  report.coverage.pairs.find((p) => p.operationId === operationId && p.status === status)?.reason;

// Found by a new user: run as a library or a vitest suite (runContractSuite), the skipped rate-limit
// steps said "opt in with --exercise-rate-limit", a flag there is nowhere to pass.
describe('why an opt-in pair or scenario is skipped names what this entry point sets', () => {
  it('in code (runSuite, runContractSuite): the option', async () => {
    const report = await runScenarios(sandbox, ['rate limit'], { readOnlyToken: undefined });
    expect(scenarioReason(report)).toBe('opt in with exerciseRateLimit: true');
    expect(pairReason(report, 'list-assets', '429')).toBe(
      'needs an exhausted budget: opt in with exerciseRateLimit: true',
    );
    expect(pairReason(report, 'delete-asset', '403')).toBe('needs a token without assets:write: pass readOnlyToken');
  });

  it('in the CLI: the flag', async () => {
    const report = await runScenarios(sandbox, ['rate limit'], {
      readOnlyToken: undefined,
      optionNames: CLI_OPTION_NAMES,
    });
    expect(scenarioReason(report)).toBe('opt in with --exercise-rate-limit');
    expect(pairReason(report, 'list-assets', '429')).toBe(
      'needs an exhausted budget: opt in with --exercise-rate-limit',
    );
    expect(pairReason(report, 'delete-asset', '403')).toBe(
      'needs a token without assets:write: pass --token-read-only',
    );
  });
});
