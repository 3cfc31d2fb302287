import type { RunReport } from '../runner/report-types.js';
import { exitCodeFor } from './exit-code.js';

/** The machine-readable report: the whole run, plus the verdict the CLI reached. */
export interface JsonReport extends RunReport {
  minCoverage: number | null;
  exitCode: number;
  /**
   * Only on a run that stopped at its first request (exit code 2: the target is unreachable, its
   * TLS certificate was not trusted, or it refused that request): why, in the words the CLI printed. `scenarios` then holds the probe alone.
   */
  error?: string;
}

/**
 * The `--json` report: every check (with request and `curl`), the coverage matrix with reasons,
 * cleanup, timings and the exit code, pretty-printed. Without an `exitCode`, the one the run
 * earns ({@link exitCodeFor}, with `minCoverage` if given).
 *
 * @example
 * await writeFile('conformance.json', formatJsonReport(report, { minCoverage: 100 }));
 */
export function formatJsonReport(
  report: RunReport,
  verdict: { minCoverage?: number; exitCode?: number; error?: string } = {},
): string {
  const minCoverage = verdict.minCoverage !== undefined ? { minCoverage: verdict.minCoverage } : {};
  const json: JsonReport = {
    ...report,
    minCoverage: verdict.minCoverage ?? null,
    exitCode: verdict.exitCode ?? exitCodeFor(report, minCoverage),
    ...(verdict.error !== undefined && { error: verdict.error }),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
