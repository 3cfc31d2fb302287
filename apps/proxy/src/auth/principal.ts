import { createHash, timingSafeEqual } from 'node:crypto';
import type { ProxyConfig, ProxyKey } from '../config.js';

/** Who is calling: a configured proxy key, or (passthrough mode) the bearer of their own token. */
export type Principal =
  | { kind: 'key'; key: ProxyKey; rateKey: string; label: string }
  | { kind: 'passthrough'; token: string; rateKey: string; label: string };

/** The token of an `Authorization: Bearer <token>` header, or `undefined`. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  return match?.[1];
}

/**
 * Returns the function that turns an `Authorization` header into a principal. Keys are compared
 * by their SHA-256 with `timingSafeEqual`, against every configured key without stopping at the
 * first match, so the time taken says nothing about how close a guess was or which key matched.
 *
 * @example
 * const identify = createIdentifier(config.auth);
 * identify('Bearer assetkit-demo-key'); // { kind: 'key', key: { name: 'demo', … }, … }
 */
export function createIdentifier(auth: ProxyConfig['auth']): (authorization: string | undefined) => Principal | null {
  // Keys already proven are remembered by their exact header: the hash-and-compare-everything
  // path costs microseconds on every request otherwise. Only successes are cached, so a guess
  // always takes the constant-time path; the cache is bounded and cleared when full.
  const proven = new Map<string, Principal>();
  return function identify(authorization) {
    const cached = authorization === undefined ? undefined : proven.get(authorization);
    if (cached) {
      return cached;
    }
    const principal = identifyOnce(authorization);
    if (principal && authorization !== undefined) {
      if (proven.size >= 1_000) {
        proven.clear();
      }
      proven.set(authorization, principal);
    }
    return principal;
  };

  function identifyOnce(authorization: string | undefined): Principal | null {
    const token = bearerToken(authorization);
    if (token === undefined) {
      return null;
    }
    const digest = createHash('sha256').update(token, 'utf8').digest();
    if (auth.mode === 'passthrough') {
      const id = digest.subarray(0, 8).toString('hex');
      return { kind: 'passthrough', token, rateKey: `token:${id}`, label: `token:${id}` };
    }
    let found: ProxyKey | undefined;
    for (const key of auth.keys) {
      if (timingSafeEqual(key.sha256, digest) && found === undefined) {
        found = key;
      }
    }
    return found ? { kind: 'key', key: found, rateKey: `key:${found.name}`, label: found.name } : null;
  }
}
