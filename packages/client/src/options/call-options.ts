import type { ListAssetsQuery, LocaleQuery, OperationId } from '../api-types.js';
import type { CallOptions } from '../resources/call.js';
import type { IterateQuery } from '../resources/iterate-assets.js';
import { durationProblem } from '../retry/timer-limit.js';
import { given, instanceKind, isOptionsObject } from './given.js';
import { unknownFlatNames } from './option-names.js';

// `satisfies Record<keyof …>`: a query parameter added to (or removed from) the spec, or an
// option added to a method's type, without this table fails check-types.
const CALL_OPTION_NAMES = { signal: true, timeoutMs: true } as const satisfies Record<keyof CallOptions, true>;
const LOCALE_QUERY_NAMES = { localeId: true } as const satisfies Record<keyof LocaleQuery, true>;
const LIST_QUERY_NAMES = {
  offset: true,
  limit: true,
  folderId: true,
  localeId: true,
} as const satisfies Record<keyof ListAssetsQuery, true>;

/** The query parameters each operation's resource method takes beside `signal` and `timeoutMs`. */
const QUERY_NAMES = {
  'list-assets': LIST_QUERY_NAMES,
  'get-asset': LOCALE_QUERY_NAMES,
  'patch-asset': LOCALE_QUERY_NAMES,
  'delete-asset': {},
  'create-asset': {},
  'list-asset-folders': {},
  'get-asset-folder': {},
  'create-asset-folder': {},
} as const satisfies Record<OperationId, Readonly<Record<string, true>>>;

/** `list-assets`' largest `limit`: the most assets one page holds, and `assets.iterate`'s page size by default. */
export const MAX_PAGE_SIZE = 100;

/** Every query parameter name of every operation (what openapi-fetch leaves out when it is null). */
const QUERY_PARAMETER_NAMES: ReadonlySet<string> = new Set(Object.values(QUERY_NAMES).flatMap(Object.keys));

/** What `assets.iterate` takes beside `signal` and `timeoutMs`. */
export const ITERATE_OPTION_NAMES = {
  folderId: true,
  localeId: true,
  pageSize: true,
} as const satisfies Record<keyof IterateQuery, true>;

/** The names a method takes: its own, then `signal` and `timeoutMs`. */
function namesOf(own: Readonly<Record<string, true>>): string[] {
  return [...Object.keys(own), ...Object.keys(CALL_OPTION_NAMES)];
}

/**
 * The option names an operation's resource method takes: its query parameters, then `signal` and `timeoutMs`.
 *
 * @example
 * optionNamesOf('patch-asset'); // ['localeId', 'signal', 'timeoutMs']
 */
export function optionNamesOf(operationId: OperationId): string[] {
  return namesOf(QUERY_NAMES[operationId]);
}

/**
 * What is wrong with a call's options: `type` for what is no option of the method (a name it does
 * not take, options that are no plain object (`null`, an array, a `Map`, a `Date`, a class instance), a `signal` that is no `AbortSignal`, a query parameter set
 * to `null`, which would not be sent), `range` for a
 * `timeoutMs` out of range. From JavaScript (or through a cast) a misspelt name was sent as a
 * query parameter (`?limt=5`; `sigal` as the whole AbortSignal serialized into the URL) or dropped,
 * and the default applied without a word.
 *
 * @example
 * callOptionsProblems({ limt: 5 }, { limit: true }); // { type: ['unknown option "limt"; did you mean "limit"?'] }
 */
export function callOptionsProblems(
  options: unknown,
  own: Readonly<Record<string, true>> = {},
): { type: string[]; range?: string } {
  if (options === undefined) {
    return { type: [] };
  }
  if (!isOptionsObject(options)) {
    return { type: [`options must be an object { signal, timeoutMs, … }, got ${given(options)}`] };
  }
  // A Map has no own names to check: its entries were dropped as if no options were given, as a
  // Date's or a class instance's own fields are not what a caller meant to pass.
  const kind = instanceKind(options);
  if (kind !== undefined) {
    return { type: [`options must be a plain object { signal, timeoutMs, … }, got ${kind}`] };
  }
  const type = unknownFlatNames(options, namesOf(own));
  // openapi-fetch leaves a null query parameter out, so the call went as without it: the primary
  // locale read or overwritten, or every folder listed for `folderId: asset.folderId` at the root.
  for (const name of Object.keys(own)) {
    if (QUERY_PARAMETER_NAMES.has(name) && (options as Record<string, unknown>)[name] === null) {
      type.push(`${name} is null, which is not sent: the call would go as without it; leave it out or give a value`);
    }
  }
  const { signal, timeoutMs } = options as Record<string, unknown>;
  // Request refuses it, but only once sent, as "member signal is not of type AbortSignal".
  if (signal !== undefined && typeof AbortSignal !== 'undefined' && !(signal instanceof AbortSignal)) {
    type.push(`signal must be an AbortSignal, got ${given(signal)}`);
  }
  const timeoutProblem = timeoutMs === undefined ? undefined : durationProblem('timeoutMs', timeoutMs);
  const ranges = timeoutProblem === undefined ? [] : [timeoutProblem];
  // assets.iterate's page size: checked with the other options, so a bad siteId is reported with it.
  const { pageSize } = options as { pageSize?: unknown };
  if (Object.hasOwn(own, 'pageSize') && pageSize !== undefined && !isPageSize(pageSize)) {
    ranges.push(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${given(pageSize)}`);
  }
  return ranges.length === 0 ? { type } : { type, range: ranges.join('; ') };
}

function isPageSize(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_PAGE_SIZE;
}

/**
 * Checks the options of a call before anything is sent and returns them, or throws: a `TypeError`
 * listing every name the method does not take (with the name it most likely meant), as
 * `createAssetsClient` does, and a `RangeError` for a `timeoutMs` (or `pageSize`) out of range.
 * `label` is the operationId (or `assets.iterate`), and `own` the names the method takes beside `signal` and
 * `timeoutMs`: by default the operation's query parameters. `bodyProblems` (what is wrong with
 * the call's request body) go into the same `TypeError`, after the options', so one call reports
 * both. `argument` is what is wrong with the call's other arguments (its path id) and the error
 * they make on their own: thrown when the options and body are fine, else listed first in their
 * error, as its `cause`.
 *
 * @example
 * const { signal, timeoutMs, ...query } = checkCallOptions('list-assets', options);
 */
export function checkCallOptions<O extends object>(
  label: OperationId | 'assets.iterate',
  options: O | undefined,
  own: Readonly<Record<string, true>> = label === 'assets.iterate' ? ITERATE_OPTION_NAMES : QUERY_NAMES[label],
  bodyProblems: readonly string[] = [],
  argument?: { problems: readonly string[]; error: () => Error },
): O & CallOptions {
  const { type, range } = callOptionsProblems(options, own);
  const first = argument?.problems ?? [];
  // The options' error class wins: a call with them (or its body) wrong fails whatever the id,
  // and catching AssetsError for an id read from data should not swallow a bug in the code.
  const cause = argument && first.length > 0 ? { cause: argument.error() } : undefined;
  if (type.length > 0 || bodyProblems.length > 0) {
    throw new TypeError(`${label}: ${[...first, ...type, ...bodyProblems].join('; ')}`, cause);
  }
  if (range !== undefined) {
    throw new RangeError(`${label}: ${[...first, range].join('; ')}`, cause);
  }
  if (argument && first.length > 0) {
    throw argument.error();
  }
  return (options ?? {}) as O & CallOptions;
}
