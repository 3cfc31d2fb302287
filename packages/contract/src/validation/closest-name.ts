// Imports nothing, on purpose: `@assetkit/client` loads this module at runtime through the
// `@assetkit/contract/closest-name` subpath, where the package root would load ajv.

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

/**
 * The documented name a typo most likely meant (`alttext` → `altText`), if any is close: the same
 * name in another case, else the nearest by edit distance, within a quarter of the name's length.
 *
 * @example
 * closestName('alttext', ['displayName', 'altText']); // 'altText'
 * closestName('colour', ['displayName', 'altText']); // undefined
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const exact = known.find((k) => k.toLowerCase() === lower);
  if (exact) {
    return exact;
  }
  const scored = known.map((k) => ({ k, d: levenshtein(lower, k.toLowerCase()) })).sort((x, y) => x.d - y.d);
  const best = scored[0];
  return best && best.d <= Math.max(1, Math.floor(name.length / 4)) ? best.k : undefined;
}
