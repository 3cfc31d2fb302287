import type { RunReport } from '../runner/report-types.js';

/** The machine-readable report: the whole run, plus the verdict the CLI reached. */
export interface JsonReport extends RunReport {
  minCoverage: number | null;
  exitCode: number;
  /**
   * Only on a run that stopped at its first request (exit code 2: the target is unreachable, or
   * it refused that request): why, in the words the CLI printed. `scenarios` then holds the probe alone.
   */
  error?: string;
}

/**
 * The `--json` report: every check (with request and `curl`), the coverage matrix with reasons,
 * cleanup, timings and the exit code, pretty-printed.
 *
 * @example
 * await writeFile('conformance.json', formatJsonReport(report, { minCoverage: 100, exitCode: 0 }));
 */
export function formatJsonReport(
  report: RunReport,
  verdict: { minCoverage?: number; exitCode: number; error?: string },
): string {
  const json: JsonReport = {
    ...report,
    minCoverage: verdict.minCoverage ?? null,
    exitCode: verdict.exitCode,
    ...(verdict.error !== undefined && { error: verdict.error }),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
