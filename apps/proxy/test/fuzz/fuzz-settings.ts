/**
 * Seed and size of the fuzz runs. The defaults keep `pnpm test` fast and reproducible; two
 * environment variables, read here and nowhere else, change them for a longer or different run:
 *
 * - `FUZZ_SEED`: the fast-check seed (an integer). A failure prints the seed it ran with.
 * - `FUZZ_RUNS`: requests per property (default 300).
 *
 * @example
 * // FUZZ_SEED=123 FUZZ_RUNS=5000 npx vitest run src/fuzz.test.ts
 * fc.assert(property, { seed: FUZZ.seed, numRuns: FUZZ.runs });
 */
const runs = readInteger('FUZZ_RUNS', 300);

export const FUZZ = Object.freeze({
  seed: readInteger('FUZZ_SEED', 20_240_611),
  runs,
  /** A request that takes longer than this is a hang. */
  timeoutMs: 5_000,
  /** Per test: room for `runs` requests (and a snapshot pair each, against the sandbox) on a busy machine. */
  testTimeoutMs: Math.max(20_000, runs * 30),
});

function readInteger(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') {
    return fallback;
  }
  if (!/^-?\d+$/.test(raw)) {
    throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}
