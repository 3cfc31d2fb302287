import type { Contract } from '@assetkit/contract';
import type { CoveragePair, CoverageReport, Ratio } from './report-types.js';
import type { UntriggerableRule } from './scenario-types.js';

/** The documented response key a status falls under: exact, then its range (`4XX`), then `DEFAULT`. */
function documentedKey(keys: readonly string[], status: number): string | undefined {
  const exact = String(status);
  const range = `${Math.floor(status / 100)}XX`;
  return keys.find((k) => k === exact) ?? keys.find((k) => k === range) ?? keys.find((k) => k === 'DEFAULT');
}

function ratio(exercised: number, total: number): Ratio {
  return { exercised, total, percent: total === 0 ? 100 : Math.floor((exercised / total) * 1000) / 10 };
}

/**
 * Counts which documented operation × status pairs a run exercised. The denominator is the
 * contract's own list of responses; pairs the scenarios declare they cannot trigger (with a
 * reason) are reported, and left out of the "triggerable" ratio only.
 *
 * @example
 * const coverage = createCoverage(contract);
 * coverage.hit('get-asset', 200);
 * coverage.report([{ operationId: '*', status: '500', reason: 'needs a server fault' }]).triggerable.percent;
 */
export function createCoverage(contract: Contract) {
  const keys = new Map(contract.operations.map((op) => [op.operationId, op.responses.map((r) => r.status)]));
  const counts = new Map<string, number>();
  return {
    hit: function hit(operationId: string, status: number): void {
      const key = documentedKey(keys.get(operationId) ?? [], status);
      if (key !== undefined) {
        const id = `${operationId} ${key}`;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    },
    /**
     * A rule says why a pair could not be exercised, so it applies only to pairs nothing exercised:
     * a pair that was received was triggerable (a 429 "needs an exhausted budget" does turn up
     * through a rate-limited proxy). `soft` rules are those steps declare at run time, such as "the
     * site has no asset to get".
     */
    report: function report(
      rules: readonly UntriggerableRule[],
      soft: readonly UntriggerableRule[] = [],
    ): CoverageReport {
      const pairs: CoveragePair[] = [];
      for (const [operationId, statuses] of keys) {
        for (const status of statuses) {
          const exercised = counts.get(`${operationId} ${status}`) ?? 0;
          const applies = (r: UntriggerableRule) =>
            (r.operationId === '*' || r.operationId === operationId) && r.status.toUpperCase() === status;
          const rule = exercised === 0 ? (rules.find(applies) ?? soft.find(applies)) : undefined;
          pairs.push({
            operationId,
            status,
            exercised,
            triggerable: rule === undefined,
            ...(rule && { reason: rule.reason }),
          });
        }
      }
      const triggerable = pairs.filter((p) => p.triggerable);
      const statuses = [...new Set(pairs.map((p) => p.status))].sort();
      return {
        operations: [...keys.keys()],
        statuses,
        pairs,
        raw: ratio(pairs.filter((p) => p.exercised > 0).length, pairs.length),
        triggerable: ratio(triggerable.filter((p) => p.exercised > 0).length, triggerable.length),
      };
    },
  };
}
