import { getContract } from '@assetkit/contract';
import { describe, expect, it } from 'vitest';
import { createCleanupRegistry } from './cleanup-registry.js';
import { InterruptedError, type OperationCaller, TransportError } from './operation-caller.js';
import type { CheckResult } from './report-types.js';
import { runScenario } from './run-scenario.js';
import type { Scenario, StepDef } from './scenario-types.js';
import { createStepContext } from './step-context.js';

const request = { method: 'GET', url: 'http://127.0.0.1:9/v2/assets/x', headers: {} };

/** A caller whose every request fails the way the test says (these tests are about step flow). */
function failingCaller(error: Error): OperationCaller {
  return {
    call: async () => {
      throw error;
    },
    raw: async () => {
      throw error;
    },
  };
}

function run(
  steps: StepDef[],
  options: { skip?: { reason: string; tests: string[] }[]; caller?: OperationCaller } = {},
) {
  const scenario: Scenario = { name: 'demo', description: 'a test scenario', writes: false, steps: () => steps };
  const deps = {
    contract: getContract('webflow-assets'),
    caller: options.caller ?? failingCaller(new Error('no requests in this test')),
    registry: createCleanupRegistry(),
    runId: 'r1',
    vars: {},
    strict: false,
    readOnly: true,
    hasReadOnlyToken: false,
    lastRequest: new Map(),
    untriggerable: [],
  };
  return runScenario(scenario, {
    runId: 'r1',
    context: (checks: CheckResult[]) => createStepContext(deps, checks),
    skip: options.skip ?? [],
    now: () => 0,
  });
}

const passing: StepDef = {
  name: 'passes',
  run: async (ctx) => void ctx.expect('ok', true, { pointer: '', message: '' }),
};

describe('runScenario', () => {
  it('passes when every check of every step passes', async () => {
    const report = await run([passing, { ...passing, name: 'passes too' }]);
    expect(report.status).toBe('passed');
    expect(report.steps.map((s) => s.status)).toEqual(['passed', 'passed']);
  });

  it('fails a step with a failed check and carries on with the next', async () => {
    const report = await run([
      { name: 'fails', run: async (ctx) => void ctx.expectEqual('same', { a: 1 }, { a: 2 }) },
      passing,
    ]);
    expect(report.steps.map((s) => s.status)).toEqual(['failed', 'passed']);
    expect(report.steps[0]?.checks[0]?.failures[0]).toMatchObject({ pointer: '/a', expected: '2', actual: '1' });
  });

  it('blocks the steps after one that could not complete', async () => {
    const report = await run([
      {
        name: 'fails and stops',
        run: async (ctx) =>
          void ctx.need(ctx.expect('got id', false, { pointer: '/id', message: 'no id' }) ? 'x' : undefined, 'the id'),
      },
      passing,
    ]);
    expect(report.steps.map((s) => [s.status, s.reason])).toEqual([
      ['failed', 'needs the id, which an earlier step did not produce'],
      ['blocked', 'blocked: "fails and stops" did not complete'],
    ]);
  });

  it('fails, never silently passes, a step blocked by missing data that no failed check explains', async () => {
    const report = await run([{ name: 'needs data', run: async (ctx) => void ctx.need(undefined, 'an id') }]);
    expect(report.steps[0]?.status).toBe('failed');
    expect(report.steps[0]?.checks[0]).toMatchObject({ check: 'step-error', passed: false });
  });

  it('records a transport failure with the request, then blocks the rest', async () => {
    const caller = failingCaller(
      new TransportError('GET … failed: connect ECONNREFUSED', request, { operationId: 'get-asset' }),
    );
    const report = await run(
      [
        {
          name: 'calls',
          run: async (ctx) =>
            void (await ctx.call({ operationId: 'get-asset', params: { asset_id: 'x' }, expect: 200 })),
        },
        passing,
      ],
      { caller },
    );
    expect(report.steps[0]?.checks[0]).toMatchObject({
      check: 'transport',
      operationId: 'get-asset',
      passed: false,
      request,
    });
    expect(report.steps[1]?.status).toBe('blocked');
  });

  // Found by a new user's trial: after a 429 where a folder was expected, the report also said
  // the folder did not contain the asset, a failure the server never committed.
  it('reports a wrong status, not the made-up content failures that follow it in the step', async () => {
    const wrongStatus: CheckResult = {
      check: 'expected-status',
      operationId: 'get-asset-folder',
      subject: 'GET /v2/asset_folders/x',
      status: 429,
      passed: false,
      failures: [{ location: 'response.status', pointer: '', message: 'expected 200, got 429' }],
    };
    const caller: OperationCaller = {
      call: async () => ({ status: 429, headers: new Headers(), text: '{}', checks: [wrongStatus], request }),
      raw: async () => {
        throw new Error('no raw requests in this test');
      },
    };
    const report = await run(
      [
        {
          name: 'reads the folder',
          run: async (ctx) => {
            ctx.expect('before the call', false, { pointer: '', message: 'a real failure before it' });
            await ctx.call({ operationId: 'get-asset-folder', params: { asset_folder_id: 'x' }, expect: 200 });
            ctx.expectEqual('asset-in-its-folder', [], ['the asset'], { operationId: 'get-asset-folder' });
            ctx.expect('passes anyway', true, { pointer: '', message: '' });
          },
        },
        passing,
      ],
      { caller },
    );
    expect(report.steps[0]?.status).toBe('failed');
    expect(report.steps[0]?.checks.map((c) => [c.check, c.passed])).toEqual([
      ['before the call', false],
      ['expected-status', false],
      ['passes anyway', true],
    ]);
    expect(report.steps[1]?.status).toBe('passed');
  });

  it('blocks every remaining step when the run is interrupted', async () => {
    const caller = failingCaller(new InterruptedError());
    const report = await run(
      [
        {
          name: 'calls',
          run: async (ctx) =>
            void (await ctx.call({ operationId: 'get-asset', params: { asset_id: 'x' }, expect: 200 })),
        },
        passing,
      ],
      { caller },
    );
    expect(report.steps.map((s) => s.status)).toEqual(['blocked', 'blocked']);
    expect(report.steps[1]?.reason).toBe('the run was interrupted');
  });

  it('skips steps named by a skip rule, with its reason, and steps that skip themselves', async () => {
    const report = await run([passing, { name: 'self-skipping', run: async (ctx) => ctx.skip('needs --locale-id') }], {
      skip: [{ reason: 'not supported by this target', tests: ['demo › passes'] }],
    });
    expect(report.steps.map((s) => [s.status, s.reason])).toEqual([
      ['skipped', 'not supported by this target'],
      ['skipped', 'needs --locale-id'],
    ]);
  });

  it('refuses writes in read-only runs before sending anything', async () => {
    const report = await run([
      {
        name: 'writes',
        run: async (ctx) =>
          void (await ctx.call({ operationId: 'delete-asset', params: { asset_id: 'x' }, expect: 204 })),
      },
    ]);
    expect(report.steps[0]?.checks[0]?.failures[0]?.message).toBe(
      'ReadOnlyViolationError: --read-only: refused to send DELETE delete-asset',
    );
  });
});
