import type { RunReport } from '../runner/report-types.js';

/** Exit codes of `assetkit-conformance`. */
export const EXIT = Object.freeze({ ok: 0, failures: 1, usage: 2, sigint: 130, sigterm: 143 });

/** The signals the CLI handles. */
export type Signal = 'SIGINT' | 'SIGTERM';

/** The exit code for a run a signal stopped: 130 for SIGINT, 143 for SIGTERM (128 + the signal). */
export function signalExitCode(signal: Signal): number {
  return signal === 'SIGINT' ? EXIT.sigint : EXIT.sigterm;
}

/**
 * The exit code a finished run earns: 130/143 when interrupted, 1 for any failed check or
 * triggerable coverage below `minCoverage`, else 0.
 *
 * @example
 * exitCodeFor(report, { minCoverage: 100 }); // 0 when everything passed and was covered
 */
export function exitCodeFor(
  report: RunReport,
  { minCoverage, signal }: { minCoverage?: number; signal?: Signal },
): number {
  if (signal) {
    return signalExitCode(signal);
  }
  const belowMin = minCoverage !== undefined && report.coverage.triggerable.percent < minCoverage;
  return report.summary.failed > 0 || belowMin ? EXIT.failures : EXIT.ok;
}
