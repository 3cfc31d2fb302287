import type { Sandbox } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewritingBodies, runScenarios, startTestSandbox } from '../../../test/helpers.js';
import type { RunReport } from '../../runner/report-types.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

const failedChecks = (report: RunReport) =>
  report.scenarios.flatMap((s) => s.steps.flatMap((step) => step.checks.filter((c) => !c.passed)));

/**
 * Servers that differ from the sandbox in one way the sandbox's faults cannot cause: what the
 * spec allows must pass, and what it forbids must fail.
 */
describe('webflow-assets scenarios against servers unlike the sandbox', () => {
  // Found in review: the create-asset echo compared an absent (optional) parentFolder as if the
  // server had sent it empty.
  it('passes a create-asset answer without the optional parentFolder', async () => {
    const createAsset = (url: URL, method: string) => method === 'POST' && url.pathname.endsWith('/assets');
    const withoutParent = rewritingBodies(createAsset, ({ parentFolder: _, ...rest }) => rest);
    for (const strict of [false, true]) {
      const report = await runScenarios(sandbox, ['lifecycle'], { fetch: withoutParent, strict });
      expect(failedChecks(report)).toEqual([]);
    }
  });
});
