import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One measured row of a benchmark table. */
export interface BenchRow {
  name: string;
  /** Operations per second (mean). */
  opsPerSecond: number;
  /** Mean time per operation, microseconds. */
  meanMicros: number;
  /** p99 time per operation, microseconds. */
  p99Micros: number;
  samples: number;
  /** This row's throughput divided by the suite's baseline row, from the same run. */
  ratio?: number;
}

/** A suite's result, as written to `bench/results/<suite>.json`. */
export interface SuiteResult {
  suite: string;
  description: string;
  baseline: string;
  measuredAt: string;
  machine: { node: string; cpus: number; platform: string };
  rows: BenchRow[];
  notes?: Record<string, number | string>;
}

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '../results');

/** Renders a suite as a Markdown table (ratios against the baseline row). */
export function toMarkdown(result: SuiteResult): string {
  const lines = [
    '| case | ops/s | mean µs | p99 µs | × baseline |',
    '|---|---:|---:|---:|---:|',
    ...result.rows.map(
      (r) =>
        `| ${r.name} | ${Math.round(r.opsPerSecond).toLocaleString('en-US')} | ${r.meanMicros.toFixed(2)} | ${r.p99Micros.toFixed(2)} | ${r.ratio === undefined ? '' : r.ratio.toFixed(2)} |`,
    ),
  ];
  return lines.join('\n');
}

/** Writes `results/<fileStem>.json` (the suite's name by default) and returns its path. */
export async function saveResult(result: SuiteResult, fileStem: string = result.suite): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const path = join(resultsDir, `${fileStem}.json`);
  await writeFile(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}
