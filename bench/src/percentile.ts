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

/**
 * The median of unsorted values (the mean of the middle two when there is an even number).
 *
 * @example
 * median([3, 1, 2, 10]); // 2.5
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
