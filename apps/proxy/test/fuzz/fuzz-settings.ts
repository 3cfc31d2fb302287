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
  /**
   * Per test: room for `runs` requests (and a snapshot pair each, against the sandbox) on a busy
   * machine. A backstop, not the hang check (that is `timeoutMs`, per request). The heaviest test
   * takes 5–8 s on an idle 2-core machine; in a clean-clone CI run, with every package's tests at
   * once on a slow host, the same file ran 6× slower and two tests passed 20 s. A test that times
   * out keeps sending in the background and breaks the tests after it, so the room is generous.
   */
  testTimeoutMs: Math.max(120_000, runs * 400),
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
