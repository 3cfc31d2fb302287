/**
 * How many times a request carries the header field `name` (lower-case), from Node's
 * `rawHeaders` (name, value, name, value, …). Node keeps only the first of several for singleton
 * fields such as `Host` and `Authorization`, so their repetition shows only here.
 *
 * @example
 * fieldCount(['Host', 'a', 'host', 'b', 'Accept', '*\/*'], 'host'); // 2
 */
export function fieldCount(rawHeaders: readonly string[] | undefined, name: string): number {
  let count = 0;
  for (let i = 0; rawHeaders !== undefined && i < rawHeaders.length; i += 2) {
    const field = rawHeaders[i] as string;
    if (field.length === name.length && field.toLowerCase() === name) {
      count++;
    }
  }
  return count;
}
