import type { CoverageReport } from '../runner/report-types.js';

/**
 * The coverage matrix as text: one row per operation, one column per documented status.
 * `✓` exercised, `✗` triggerable but not exercised, `·` not triggerable in this run (reasons
 * listed below the table), blank for a status the operation does not document.
 *
 * @example
 * formatCoverage(report.coverage);
 */
export function formatCoverage(coverage: CoverageReport): string {
  const width = Math.max(...coverage.operations.map((op) => op.length), 9);
  const header = `${'operation'.padEnd(width)}  ${coverage.statuses.map((s) => s.padStart(4)).join('')}`;
  const rows = coverage.operations.map((operationId) => {
    const cells = coverage.statuses.map((status) => {
      const pair = coverage.pairs.find((p) => p.operationId === operationId && p.status === status);
      const mark = !pair ? ' ' : pair.exercised > 0 ? '✓' : pair.triggerable ? '✗' : '·';
      return mark.padStart(4);
    });
    return `${operationId.padEnd(width)}  ${cells.join('')}`;
  });
  const { raw, triggerable } = coverage;
  const lines = [
    header,
    ...rows,
    '✓ exercised   ✗ missed   · not triggerable in this run',
    `triggerable coverage ${triggerable.exercised}/${triggerable.total} (${triggerable.percent}%) · raw coverage ${raw.exercised}/${raw.total} (${raw.percent}%)`,
  ];
  const byReason = new Map<string, string[]>();
  for (const pair of coverage.pairs.filter((p) => !p.triggerable)) {
    const key = `${pair.status}\u0000${pair.reason ?? ''}`;
    byReason.set(key, [...(byReason.get(key) ?? []), pair.operationId]);
  }
  if (byReason.size > 0) {
    lines.push('not triggerable:');
    for (const [key, operations] of byReason) {
      const [status, reason] = key.split('\u0000');
      const which = operations.length === coverage.operations.length ? 'every operation' : operations.join(', ');
      lines.push(`  ${status} on ${which}: ${reason}`);
    }
  }
  const missed = coverage.pairs.filter((p) => p.triggerable && p.exercised === 0);
  if (missed.length > 0) {
    lines.push(`missed: ${missed.map((p) => `${p.operationId} ${p.status}`).join(', ')}`);
  }
  return lines.join('\n');
}
