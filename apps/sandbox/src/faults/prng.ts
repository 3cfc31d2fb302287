/**
 * mulberry32: a tiny, fast, seeded PRNG. Fault `rate`s use it so a test run with the same seed
 * sees the same faults on the same requests.
 *
 * @example
 * const next = seededRandom(1);
 * next(); // 0.6270739405881613, every time
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
