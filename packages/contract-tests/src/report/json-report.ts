import type { RunReport } from '../runner/report-types.js';

/** The machine-readable report: the whole run, plus the verdict the CLI reached. */
export interface JsonReport extends RunReport {
  minCoverage: number | null;
  exitCode: number;
}

/**
 * The `--json` report: every check (with request and `curl`), the coverage matrix with reasons,
 * cleanup, timings and the exit code, pretty-printed.
 *
 * @example
 * await writeFile('conformance.json', formatJsonReport(report, { minCoverage: 100, exitCode: 0 }));
 */
export function formatJsonReport(report: RunReport, verdict: { minCoverage?: number; exitCode: number }): string {
  const json: JsonReport = { ...report, minCoverage: verdict.minCoverage ?? null, exitCode: verdict.exitCode };
  return `${JSON.stringify(json, null, 2)}\n`;
}
