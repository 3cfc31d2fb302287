import { isIP } from 'node:net';
import { type TrustedNetwork, trustedNetwork } from './client-address.js';
import type { EnvReader } from './env-reader.js';

// The settings that name addresses (where to listen, who calls, where Redis is), each read and
// checked by one function of its own; `loadConfig()` in config.ts is the only caller.

/**
 * `CORS_ORIGINS`: `*`, or origins separated by commas, each written as a browser sends it in
 * `Origin` (scheme, host and a port other than the default; no path, no trailing slash), since
 * that is the string it is compared with.
 */
export function corsOrigins(env: EnvReader): readonly string[] | '*' | null {
  const origins = env.list('CORS_ORIGINS');
  if (origins === undefined) {
    return null;
  }
  if (origins.length === 1 && origins[0] === '*') {
    return '*';
  }
  // Each origin that is not as a browser sends it, with the form it would send when there is one.
  const bad = origins.flatMap((origin) => {
    try {
      const url = new URL(origin);
      if (!['http:', 'https:'].includes(url.protocol)) {
        return [JSON.stringify(origin)];
      }
      return url.origin === origin ? [] : [`${JSON.stringify(origin)} (a browser sends ${url.origin})`];
    } catch {
      return [JSON.stringify(origin)];
    }
  });
  if (origins.length === 0 || bad.length > 0) {
    env.problem(
      `CORS_ORIGINS must be * or origins separated by commas, such as https://app.example.com,http://localhost:5173 (scheme, host and port only, as browsers send them), got ${bad.length > 0 ? bad.join(', ') : JSON.stringify(env.string('CORS_ORIGINS'))}`,
    );
    return null;
  }
  return origins;
}

/**
 * `PUBLIC_URL`: the address callers reach the proxy at, which an upstream `Location` is rewritten
 * to. Credentials, a query or a fragment are no part of one (a query would swallow every path
 * appended to it).
 */
export function publicUrl(env: EnvReader): string | null {
  const url = env.url('PUBLIC_URL');
  if (url !== null && /^[^:]+:\/\/[^/]*@|[?#]/.test(url)) {
    env.problem(
      'PUBLIC_URL must be an origin and path only, as callers reach the proxy: no user:password@, query or fragment',
    );
    return null;
  }
  return url;
}

/**
 * `TRUSTED_PROXIES`: addresses and networks (`10.0.0.0/8`, `fd00::/8`, `127.0.0.1`) separated by
 * commas, each one the proxy's callers may reach it through, read once as networks.
 */
export function trustedProxies(env: EnvReader): readonly TrustedNetwork[] {
  const entries = env.list('TRUSTED_PROXIES');
  if (entries === undefined) {
    return [];
  }
  const networks = entries.map(trustedNetwork);
  const bad = entries.filter((_, i) => networks[i] === undefined);
  if (entries.length === 0 || bad.length > 0) {
    env.problem(
      `TRUSTED_PROXIES must be addresses or networks separated by commas, such as 10.0.0.0/8,192.168.1.10,fd00::/8, got ${bad.length > 0 ? bad.map((b) => JSON.stringify(b)).join(', ') : JSON.stringify(env.string('TRUSTED_PROXIES'))}`,
    );
    return [];
  }
  return networks as TrustedNetwork[];
}

/**
 * `HOST`: an IP address or a host name to listen on. A URL or an address with a port (common
 * slips) is refused here, instead of failing later as a name that cannot be resolved.
 */
export function listenHost(env: EnvReader): string {
  const raw = env.string('HOST');
  if (raw === undefined) {
    return '127.0.0.1';
  }
  const bare = raw.replace(/^\[(.*)\]$/, '$1');
  if (
    isIP(bare) !== 0 ||
    /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(bare)
  ) {
    return bare;
  }
  env.problem(
    `HOST must be an address or host name to listen on, such as 127.0.0.1, 0.0.0.0 or ::, got ${JSON.stringify(raw)}` +
      (/[/:]/.test(raw) ? ' (no scheme or port: the port is PORT)' : ''),
  );
  return '127.0.0.1';
}

/**
 * `REDIS_URL`, whose path may only name a database by number (`redis://host:6379/2`): anything
 * else there is not something Redis can select (ioredis would send `SELECT NaN` and crash, or stay
 * in database 0 without a word).
 */
export function redisUrl(env: EnvReader): string | null {
  const url = env.url('REDIS_URL', ['redis:', 'rediss:']);
  // `redis:user:password@host` parses as a URL with no host, and all of it as the path: not quoted.
  if (url !== null && new URL(url).host === '') {
    env.problem('REDIS_URL must name a host: redis://[user:password@]host[:port][/database]');
    return null;
  }
  const path = url === null ? '' : new URL(url).pathname;
  if (path !== '' && path !== '/' && !/^\/\d{1,5}$/.test(path)) {
    env.problem(
      `REDIS_URL's path must be a database number, such as redis://127.0.0.1:6379/2, got ${JSON.stringify(path)}`,
    );
    return null;
  }
  return url;
}
