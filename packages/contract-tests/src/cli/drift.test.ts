import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getContract } from '@assetkit/contract';
import { DRIFT_KINDS, type DriftKind, driftExpectation, type Sandbox } from '@assetkit/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { conformanceAssets, runCli, sandboxArgs, startTestSandbox } from '../../test/helpers.js';
import type { JsonReport } from '../report/json-report.js';
import { webflowAssets } from '../scenarios/webflow-assets/index.js';
import { EXIT } from './main.js';

const operations = getContract(webflowAssets.api as 'webflow-assets').operations.map((op) => op.operationId);

/**
 * Every drift kind the sandbox offers, each on two operations it applies to, chosen so that all
 * eight operations are drifted at least once across the table.
 */
function driftCases(): { kind: DriftKind; operationId: string }[] {
  const used = new Map(operations.map((op) => [op, 0]));
  const cases: { kind: DriftKind; operationId: string }[] = [];
  for (const kind of Object.keys(DRIFT_KINDS) as DriftKind[]) {
    const applicable = operations.filter((op) => driftExpectation(kind, op) !== undefined);
    const picked = [...applicable].sort((a, b) => (used.get(a) ?? 0) - (used.get(b) ?? 0)).slice(0, 2);
    for (const operationId of picked) {
      used.set(operationId, (used.get(operationId) ?? 0) + 1);
      cases.push({ kind, operationId });
    }
  }
  return cases;
}

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  dir = await mkdtemp(join(tmpdir(), 'assetkit-drift-'));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => sandbox.setFaults(null));

describe('assetkit-conformance against the sandbox’s drift faults', () => {
  const cases = driftCases();

  it('drifts every operation at least once across the table', () => {
    expect(new Set(cases.map((c) => c.operationId))).toEqual(new Set(operations));
  });

  it.each(cases)(
    'fails on $kind in $operationId, naming the operation and the pointer',
    async ({ kind, operationId }) => {
      const expected = driftExpectation(kind, operationId);
      if (!expected) {
        throw new Error('driftCases picks applicable pairs only');
      }
      sandbox.setFaults({ operations: [operationId], drift: { kind } });
      const json = join(dir, `${kind}-${operationId}.json`);
      const { code, stdout } = await runCli(
        sandboxArgs(sandbox, '--json', json, ...(expected.strictOnly ? ['--strict'] : [])),
      );
      expect(code).toBe(EXIT.failures);
      const report = JSON.parse(await readFile(json, 'utf8')) as JsonReport;
      const failed = report.scenarios.flatMap((s) => s.steps.flatMap((step) => step.checks.filter((c) => !c.passed)));
      const named = failed.filter(
        (c) =>
          c.operationId === operationId &&
          c.failures.some((f) => f.location === expected.location && f.pointer === expected.pointer),
      );
      expect(named.length, `no failure of ${operationId} at ${expected.location} ${expected.pointer}`).toBeGreaterThan(
        0,
      );
      expect(named.every((c) => c.curl?.includes('Bearer <redacted>'))).toBe(true);
      expect(stdout).toContain(`${operationId} · ${named[0]?.check}`);
      expect(stdout).toContain(`at ${expected.location} ${expected.pointer === '' ? '(whole)' : expected.pointer}`);
      sandbox.setFaults(null);
      expect(await conformanceAssets(sandbox)).toEqual([]);
    },
  );
});
