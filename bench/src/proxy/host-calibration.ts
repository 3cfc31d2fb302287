import { cpus } from 'node:os';
import { median } from '../percentile.js';
import { cannedResponses } from './canned.js';

/** What the host was, so runs on different hosts of one class can be told apart. */
export interface HostCalibration {
  cpuModel: string;
  cores: number;
  /**
   * `JSON.parse` of the 100-item list body (the request whose validation costs most), in MB/s:
   * the median of 5 batches, measured in the bench process before any load.
   */
  jsonParseMbPerSecond: number;
}

/**
 * Measures the host before the load: the figure that decides what validating a list response
 * costs. Two runs whose calibrations differ are not comparable figure by figure, only ratio by
 * ratio, and not always then (a passthrough that never parses does not slow down with JSON.parse).
 *
 * @example
 * const host = calibrateHost(); // { cpuModel: 'AMD EPYC', cores: 2, jsonParseMbPerSecond: 217 }
 */
export function calibrateHost(batches = 5, parsesPerBatch = 100): HostCalibration {
  const text = cannedResponses().list.body.toString('utf8');
  let sink = 0;
  const rates: number[] = [];
  // One unmeasured batch first, so the parser's first runs do not count.
  for (let batch = -1; batch < batches; batch++) {
    const started = performance.now();
    for (let i = 0; i < parsesPerBatch; i++) {
      sink += (JSON.parse(text) as { assets: unknown[] }).assets.length;
    }
    const seconds = (performance.now() - started) / 1000;
    if (batch >= 0) {
      rates.push((text.length * parsesPerBatch) / 1e6 / seconds);
    }
  }
  if (sink === 0) {
    throw new Error('the canned list is empty: nothing was parsed');
  }
  const all = cpus();
  return {
    cpuModel: all[0]?.model.trim() ?? 'unknown',
    cores: all.length,
    jsonParseMbPerSecond: Math.round(median(rates)),
  };
}
