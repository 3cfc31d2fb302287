/**
 * The nearest-rank percentile of already sorted values (`fraction` 0.5 for p50, 0.99 for p99);
 * `undefined` when there are none, so each caller says what an empty run reports.
 *
 * @example
 * percentile([1, 2, 3, 4], 0.5); // 3
 */
export function percentile(sorted: readonly number[], fraction: number): number | undefined {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}
