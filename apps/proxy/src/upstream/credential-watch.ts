/** What the proxy knows of its own upstream token, from the upstream's answers to it. */
export type CredentialState = { state: 'unused' } | { state: 'accepted' | 'refused'; since: string };

/** A change worth a log line: the first refusal after acceptance (or none yet), or the reverse. */
export type CredentialChange = 'refused' | 'accepted-again' | undefined;

/** Follows the upstream's answers to the proxy's own token (`UPSTREAM_TOKEN`). */
export interface CredentialWatch {
  /** Records one upstream answer to a request sent with the token; says when the state flipped. */
  observe(status: number): CredentialChange;
  current(): CredentialState;
}

/**
 * Tracks whether the upstream accepts the proxy's token, passively (from the answers to real
 * requests: no probe spends the token's rate limit). A 401 means refused; any other answer means
 * accepted. A revoked token is then logged once, when it is first refused, instead of once per
 * request, and `/readyz` can say since when.
 *
 * @example
 * const watch = credentialWatch();
 * watch.observe(401); // 'refused'
 * watch.observe(401); // undefined (already known)
 * watch.observe(200); // 'accepted-again'
 */
export function credentialWatch(now: () => number = Date.now): CredentialWatch {
  let current: CredentialState = { state: 'unused' };
  return {
    observe(status) {
      const next = status === 401 ? 'refused' : 'accepted';
      if (current.state === next) {
        return undefined;
      }
      const previous = current.state;
      current = { state: next, since: new Date(now()).toISOString() };
      if (next === 'refused') {
        return 'refused';
      }
      return previous === 'refused' ? 'accepted-again' : undefined;
    },
    current: () => current,
  };
}
