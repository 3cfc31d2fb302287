import { constants } from 'node:buffer';
import { ConfigError } from './errors.js';

/** The longest delay `setTimeout` honours (about 24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A URL as a message may quote it: whatever comes before its last `@` after the scheme (a user and
 * a password, which may hold `/`, `?`, `#` or `@`) and any query or fragment (a token) replaced.
 *
 * @example
 * maskedUrl('redis://:Zm9v/YmFy@127.0.0.1:6379/0'); // 'redis://***@127.0.0.1:6379/0'
 */
export function maskedUrl(raw: string): string {
  const scheme = /^[^:/?#@]+:\/\//.exec(raw)?.[0] ?? '';
  const at = raw.lastIndexOf('@');
  const masked = at >= scheme.length ? `${scheme}***${raw.slice(at)}` : raw;
  return masked.replace(/[?#].*$/, '?…');
}

/** The largest `Buffer` this Node can allocate: a body limit above it could never be kept. */
const MAX_BUFFER_BYTES = constants.MAX_LENGTH;

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/**
 * Typed reads of environment variables that collect problems instead of throwing, so the
 * startup message can list every one of them. A blank value reads as unset (its fallback).
 * Besides the proxy's `config.ts`, the benchmarks read their settings with it, through the
 * `@assetkit/proxy/env-reader` subpath, which loads this module and `errors.ts` alone (no
 * Express, no undici): keep its imports to those.
 *
 * @example
 * import { EnvReader } from '@assetkit/proxy/env-reader';
 * const env = new EnvReader({ BENCH_ROUNDS: '0' });
 * env.integer('BENCH_ROUNDS', 3, { min: 1, max: 1000 }); // 3, and a problem recorded
 * env.throwIfProblems(); // throws ConfigError: BENCH_ROUNDS must be an integer between 1 and 1000, got "0"
 */
export class EnvReader {
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #problems: string[] = [];

  constructor(env: Readonly<Record<string, string | undefined>>) {
    this.#env = env;
  }

  /** How many problems have been found so far. */
  get problemCount(): number {
    return this.#problems.length;
  }

  /** Every problem found so far, in the order found: for a caller with its own error type. */
  get problems(): readonly string[] {
    return [...this.#problems];
  }

  problem(message: string): void {
    this.#problems.push(message);
  }

  /** Whether a variable is set but holds nothing (read as unset; where that matters, said so). */
  blank(name: string): boolean {
    const value = this.#env[name];
    return value !== undefined && value.trim() === '';
  }

  string(name: string): string | undefined {
    const value = this.#env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  /**
   * A list separated by commas (`CORS_ORIGINS`, `TRUSTED_PROXIES`), each entry trimmed and empty
   * ones dropped; `undefined` when unset. Commas alone read as `[]`, for the caller to refuse.
   */
  list(name: string): string[] | undefined {
    return this.string(name)
      ?.split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
  }

  integer(name: string, fallback: number, range: { min?: number; max?: number; why?: string } = {}): number {
    const raw = this.string(name);
    if (raw === undefined) {
      return fallback;
    }
    const value = Number(raw);
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      this.problem(
        `${name} must be an integer between ${min} and ${max}${range.why ? ` (${range.why})` : ''}, got ${JSON.stringify(raw)}`,
      );
      return fallback;
    }
    return value;
  }

  /** A duration in milliseconds: at most 2^31 − 1, the longest timer Node can set (longer ones fire at once). */
  milliseconds(name: string, fallback: number, { min }: { min: number }): number {
    return this.integer(name, fallback, {
      min,
      max: MAX_TIMER_MS,
      why: 'about 24.8 days, the longest timer Node can set',
    });
  }

  /**
   * A number above 0 and at most `max`, written as a decimal (`40`, `0.5`, `.25`; no sign, exponent
   * or `Infinity`): a rate. `what` names its unit in the message (`requests a second`).
   */
  positiveDecimal(name: string, fallback: number, { max, what }: { max: number; what?: string }): number {
    const raw = this.string(name);
    if (raw === undefined) {
      return fallback;
    }
    const value = /^(\d+(\.\d*)?|\.\d+)$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(value > 0 && value <= max)) {
      this.problem(
        `${name} must be a number${what ? ` of ${what}` : ''} above 0 and at most ${max}, got ${JSON.stringify(raw)}`,
      );
      return fallback;
    }
    return value;
  }

  /** A fraction from 0 to 1, written as a decimal (`0.1`, `.25`, `1`) or a percentage (`10%`). */
  fraction(name: string, fallback: number): number {
    const raw = this.string(name);
    if (raw === undefined) {
      return fallback;
    }
    const match = /^(\d+(?:\.\d*)?|\.\d+)(%?)$/.exec(raw);
    const value = match ? Number(match[1]) / (match[2] ? 100 : 1) : Number.NaN;
    if (!(value >= 0 && value <= 1)) {
      this.problem(`${name} must be a fraction from 0 to 1, such as 0.1 or 10%, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) {
      return fallback;
    }
    if (['true', '1', 'yes', 'on'].includes(raw)) {
      return true;
    }
    if (['false', '0', 'no', 'off'].includes(raw)) {
      return false;
    }
    this.problem(`${name} must be true or false, got ${JSON.stringify(raw)}`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name);
    if (raw === undefined) {
      return fallback;
    }
    if (!allowed.includes(raw as T)) {
      this.problem(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return raw as T;
  }

  /** A URL with one of the allowed protocols, without a trailing slash; `null` when unset. */
  url(name: string, protocols: readonly string[] = ['http:', 'https:']): string | null {
    const raw = this.string(name);
    if (raw === undefined) {
      return null;
    }
    try {
      const url = new URL(raw);
      if (!protocols.includes(url.protocol)) {
        this.problem(`${name} must use ${protocols.join(' or ')}, got ${url.protocol}`);
        return null;
      }
      return raw.replace(/\/+$/, '');
    } catch {
      // A URL's user and password are secrets (redis://:password@host): a typo elsewhere in it
      // must not put them in the start-up message.
      this.problem(`${name} is not a URL: ${JSON.stringify(maskedUrl(raw))}`);
      return null;
    }
  }

  /**
   * A size such as `1048576`, `512kb` or `1mb`: at most what one buffer can hold (4 GiB on 64-bit
   * Node 20), since the proxy holds a body in memory whole. A larger one, or one too large to be
   * read exactly, used to be taken as given: a limit the proxy cannot keep.
   */
  bytes(name: string, fallback: number, { min = 0 }: { min?: number } = {}): number {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) {
      return fallback;
    }
    const match = /^(\d+)\s*(b|kb|mb|gb)?$/.exec(raw);
    if (!match) {
      this.problem(`${name} must be a size such as 1048576, 512kb or 1mb, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    const size = Number(match[1]) * (UNITS[match[2] ?? 'b'] as number);
    if (size < min) {
      this.problem(`${name} must be at least ${min} bytes, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    if (size > MAX_BUFFER_BYTES) {
      this.problem(
        `${name} must be at most ${MAX_BUFFER_BYTES} bytes (the largest buffer Node can hold, and the proxy holds a body whole), got ${JSON.stringify(raw)}`,
      );
      return fallback;
    }
    return size;
  }

  throwIfProblems(): void {
    if (this.#problems.length > 0) {
      throw new ConfigError(this.#problems);
    }
  }
}
