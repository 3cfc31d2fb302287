import { closestName } from '@assetkit/contract/closest-name';
import type { AssetsClientOptions } from '../create-assets-client.js';
import type { RetryOptions } from '../retry/retry-options.js';
import type { ValidateResponsesOption } from '../validation/response-check.js';
import { instanceKind, isOptionsObject } from './given.js';

/** The names an options object takes: `true` for a plain option, the nested names for an object option. */
type OptionNames = { readonly [name: string]: true | OptionNames };

// `satisfies Record<keyof …>`: an option added to (or removed from) a type without this table, or
// a name here the type does not have, fails check-types, so the table cannot drift from the types.
const RETRY_OPTION_NAMES = {
  maxRetries: true,
  baseDelayMs: true,
  maxDelayMs: true,
  maxRetryAfterMs: true,
  maxRateLimitWaitMs: true,
  retryNonIdempotent: true,
  rateLimitPauseMs: true,
  sleep: true,
  random: true,
  onRetry: true,
} as const satisfies Record<keyof RetryOptions, true>;

const VALIDATE_RESPONSES_OPTION_NAMES = { strict: true } as const satisfies Record<
  keyof Exclude<ValidateResponsesOption, boolean>,
  true
>;

const CLIENT_OPTION_NAMES = {
  baseUrl: true,
  token: true,
  fetch: true,
  retry: RETRY_OPTION_NAMES,
  timeoutMs: true,
  validateResponses: VALIDATE_RESPONSES_OPTION_NAMES,
} as const satisfies Record<keyof AssetsClientOptions, true | OptionNames>;

/**
 * Options of openapi-fetch's `createClient` that `createAssetsClient` does not pass on: it builds
 * the openapi-fetch client itself (its own `fetch`, `baseUrl` and auth headers).
 */
const OPENAPI_FETCH_ONLY = new Set([
  'headers',
  'querySerializer',
  'bodySerializer',
  'pathSerializer',
  'Request',
  'requestInitExt',
]);

/** Every option as its full path (`retry.maxRetries`), with its own name. */
function everyPath(names: OptionNames, prefix = ''): { path: string; name: string }[] {
  return Object.entries(names).flatMap(([name, nested]) => [
    { path: `${prefix}${name}`, name },
    ...(nested === true ? [] : everyPath(nested, `${prefix}${name}.`)),
  ]);
}

/**
 * The name `closestName` may match for each option: its own, and without its unit (`timeout` for
 * `timeoutMs`, the commonest slip: two edits, too far for `closestName` in a 7-letter name).
 */
function spellings(options: readonly { path: string; name: string }[]): Map<string, string> {
  const byName = new Map<string, string>();
  for (const { path, name } of options) {
    byName.set(name, path);
    if (name.endsWith('Ms')) {
      byName.set(name.slice(0, -2), path);
    }
  }
  return byName;
}

function closestPath(name: string, byName: Map<string, string>): string | undefined {
  const match = closestName(name, [...byName.keys()]);
  return match === undefined ? undefined : byName.get(match);
}

const ANYWHERE = spellings(everyPath(CLIENT_OPTION_NAMES));

/**
 * The option a misspelt `name` at `prefix` most likely meant, as a full path: a close name beside
 * it, else a close name at another level (`maxRetries` given at the top → `retry.maxRetries`).
 */
function meant(name: string, names: OptionNames, prefix: string): string | undefined {
  const beside = spellings(Object.keys(names).map((n) => ({ path: `${prefix}${n}`, name: n })));
  return closestPath(name, beside) ?? closestPath(name, ANYWHERE);
}

/** Only a plain object's names are read: `checkOptions` refuses a nested Map, Date or class instance whole. */
function isPlainObject(value: unknown): value is object {
  return isOptionsObject(value) && instanceKind(value) === undefined;
}

function unknownNames(given: object, names: OptionNames, prefix: string): string[] {
  return Object.keys(given).flatMap((name) => {
    if (!Object.hasOwn(names, name)) {
      const hint = meant(name, names, prefix);
      const why = hint
        ? `; did you mean ${JSON.stringify(hint)}?`
        : prefix === '' && OPENAPI_FETCH_ONLY.has(name)
          ? " (an option of openapi-fetch's createClient, which createAssetsClient does not pass on: change requests with client.use({ onRequest }))"
          : ` (the options are ${Object.keys(names).join(', ')})`;
      return [`unknown option ${JSON.stringify(`${prefix}${name}`)}${why}`];
    }
    const nested = names[name];
    const value: unknown = (given as Record<string, unknown>)[name];
    return nested !== undefined && nested !== true && isPlainObject(value)
      ? unknownNames(value, nested, `${prefix}${name}.`)
      : [];
  });
}

/**
 * One problem for each option name `createAssetsClient` does not take, nested ones included
 * (`retry.maxRetry`), with the name it most likely meant. TypeScript refuses these at compile time;
 * JavaScript (or a cast) dropped them without a word, so the defaults applied instead.
 *
 * @example
 * unknownOptionProblems({ baseUrl, token, retry: { maxRetry: 3 } });
 * // ['unknown option "retry.maxRetry"; did you mean "retry.maxRetries"?']
 */
export function unknownOptionProblems(options: object): string[] {
  return unknownNames(options, CLIENT_OPTION_NAMES, '');
}

/** Where a name given in the wrong place belongs, as a note for its message (` (an option of …)`), or `undefined`. */
export type Elsewhere = (name: string) => string | undefined;

/** A `createAssetsClient` option given to a call says so. */
const clientOption: Elsewhere = (name) =>
  Object.hasOwn(CLIENT_OPTION_NAMES, name) ? ' (an option of createAssetsClient, not of a call)' : undefined;

/**
 * A name given where it does not belong that is (close to) one of `options` says so, and where
 * those go: ` ("localeId" is an option of patch-asset: pass it in the options, after the body)`.
 *
 * @example
 * unknownFlatNames(body, fields, { what: 'body field', elsewhere: optionOf(['localeId'], 'patch-asset', 'after the body') });
 */
export function optionOf(options: readonly string[], label: string, where: string): Elsewhere {
  return (name) => {
    const option = closestName(name, options);
    return option === undefined
      ? undefined
      : ` (${JSON.stringify(option)} is an option of ${label}: pass it in the options, ${where})`;
  };
}

/**
 * One problem for each name of `given` that is not in `names` (a flat options object, such as a
 * call's options or an upload's input, or one level of a request body at `prefix`), with the name
 * it most likely meant, else where it belongs (`elsewhere`: by default, a `createAssetsClient`
 * option given to a call says so), else the names it takes.
 *
 * @example
 * unknownFlatNames({ limt: 5 }, ['offset', 'limit', 'signal', 'timeoutMs']);
 * // ['unknown option "limt"; did you mean "limit"?']
 * unknownFlatNames({ alttext: 'x' }, ['displayName', 'altText'], { what: 'body field' });
 * // ['unknown body field "alttext"; did you mean "altText"?']
 */
export function unknownFlatNames(
  given: object,
  names: readonly string[],
  {
    what = 'option',
    prefix = '',
    elsewhere = clientOption,
  }: { what?: string; prefix?: string; elsewhere?: Elsewhere } = {},
): string[] {
  const byName = spellings(names.map((name) => ({ path: `${prefix}${name}`, name })));
  return Object.keys(given)
    .filter((name) => !names.includes(name))
    .map((name) => {
      const hint = closestPath(name, byName);
      const why = hint
        ? `; did you mean ${JSON.stringify(hint)}?`
        : (elsewhere(name) ?? ` (the ${what}s are ${names.join(', ')})`);
      return `unknown ${what} ${JSON.stringify(`${prefix}${name}`)}${why}`;
    });
}
