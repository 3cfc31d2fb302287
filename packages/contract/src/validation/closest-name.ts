// Imports nothing, on purpose: `@assetkit/client` loads this module at runtime through the
// `@assetkit/contract/closest-name` subpath, where the package root would load ajv.

/**
 * Edits between two names: letters inserted, deleted, replaced, or two neighbours swapped
 * (`lsit` for `list` is one edit, where plain Levenshtein counts two): the optimal string
 * alignment distance.
 */
function editDistance(a: string, b: string): number {
  // Three rows of the table: the one being filled, the one above, and the one above that (for swaps).
  let before: number[] = [];
  let above = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const replace = (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, replace);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (before[j - 2] as number) + 1);
      }
      row.push(best);
    }
    before = above;
    above = row;
  }
  return above[b.length] as number;
}

/**
 * The documented name a typo most likely meant (`alttext` → `altText`), if any is close: the same
 * name in another case, else the nearest by edit distance (a swap of two neighbours is one edit),
 * within a quarter of the name's length.
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
  const scored = known.map((k) => ({ k, d: editDistance(lower, k.toLowerCase()) })).sort((x, y) => x.d - y.d);
  const best = scored[0];
  return best && best.d <= Math.max(1, Math.floor(name.length / 4)) ? best.k : undefined;
}
