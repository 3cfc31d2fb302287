import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads a JSON fixture from `test/fixtures/`. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  const url = new URL(`./fixtures/${name}`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as T;
}

/** Rate-limit headers every documented Webflow response carries. */
export const RATE_LIMIT_HEADERS = { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59' } as const;

/** JSON response headers with rate-limit headers. */
export const JSON_HEADERS = { ...RATE_LIMIT_HEADERS, 'content-type': 'application/json; charset=utf-8' } as const;
