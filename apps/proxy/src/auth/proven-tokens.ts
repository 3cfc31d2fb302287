/**
 * Passthrough-mode tokens the upstream has accepted, by their rate key. A token not yet proven
 * is charged to its caller's address as well as to itself, so a caller who makes up a new token
 * for every request (each with a fresh budget of its own) is still held to the per-address budget
 * for callers without valid credentials, and cannot pass unlimited guesses to the upstream.
 *
 * Bounded: cleared when full, after which proven tokens are charged to their address once more
 * until the upstream accepts them again.
 *
 * @example
 * const proven = createProvenTokens();
 * proven.has('token:ab12…'); // false: charged to its address too
 * proven.settle('token:ab12…', 200); // the upstream accepted it
 */
export interface ProvenTokens {
  has(rateKey: string): boolean;
  /**
   * Records what the upstream said to a token: a 401 un-proves it; a 2xx, or a 4xx other than 429
   * (Webflow looks at credentials first), proves it; anything else (a 5xx, a 429, a redirect, which
   * a balancer or an edge may answer before credentials are looked at) changes nothing.
   */
  settle(rateKey: string, status: number): void;
}

export function createProvenTokens(limit = 10_000): ProvenTokens {
  const proven = new Set<string>();
  return {
    has: (rateKey) => proven.has(rateKey),
    settle(rateKey, status) {
      if (status === 401) {
        proven.delete(rateKey);
        return;
      }
      const accepted = (status >= 200 && status < 300) || (status >= 400 && status < 500 && status !== 429);
      if (!accepted) {
        return;
      }
      if (proven.size >= limit) {
        proven.clear();
      }
      proven.add(rateKey);
    },
  };
}
