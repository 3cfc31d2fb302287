import type { AssetsClientOptions } from '../create-assets-client.js';
import { durationProblem } from '../retry/timer-limit.js';
import { given, instanceKind, isOptionsObject } from './given.js';
import { unknownOptionProblems } from './option-names.js';

/**
 * Checks the options of `createAssetsClient` before anything is sent, and throws one `TypeError`
 * listing every problem: unknown option names first (a misspelt `baseURL` explains the missing
 * `baseUrl`), then values. `retry` and `validateResponses` must be plain objects when objects (no
 * `Map`, `Date` or class instance). The values inside `retry` are checked by `resolveRetryOptions`.
 *
 * @example
 * checkOptions({ baseUrl: '/v2', token: '' }); // TypeError: createAssetsClient: baseUrl must be …; token must be …
 */
export function checkOptions(options: AssetsClientOptions): void {
  // Destructuring undefined threw "Cannot destructure property 'baseUrl' of 'undefined'", and a
  // string was read as an object without a single option.
  if (!isOptionsObject(options)) {
    throw new TypeError(`createAssetsClient: options must be an object { baseUrl, token, … }, got ${given(options)}`);
  }
  const { baseUrl, token, timeoutMs, fetch, retry, validateResponses } = options;
  const problems = unknownOptionProblems(options);
  if (typeof baseUrl !== 'string' || !URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    problems.push(
      `baseUrl must be an absolute http(s) URL such as https://api.webflow.com/v2, got ${JSON.stringify(baseUrl)}`,
    );
  } else if (/[?#]/.test(baseUrl)) {
    // Paths are appended to baseUrl as text: `…/v2?x=1` sent every call to `/v2` with the path in its query.
    problems.push(`baseUrl must have no query or fragment (paths are appended to it), got ${JSON.stringify(baseUrl)}`);
  }
  if (typeof token !== 'string' || token.trim() === '') {
    problems.push('token must be a non-empty string (a Webflow site token or OAuth access token)');
  } else if (/^bearer\s/i.test(token)) {
    // Sent as `Bearer Bearer …`: a 401 for a token that may well be right.
    problems.push('token must be the token alone, without "Bearer " (the client adds it)');
  } else if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(token)) {
    // RFC 6750's b64token: a space or a line break (a copy-paste slip) was a 401, or a TypeError from
    // inside fetch after every retry.
    problems.push(
      'token must be a bearer token: letters, digits and -._~+/ (with = at the end), no spaces or line breaks',
    );
  }
  const timeoutProblem = timeoutMs === undefined ? undefined : durationProblem('timeoutMs', timeoutMs);
  if (timeoutProblem !== undefined) {
    problems.push(timeoutProblem);
  }
  // Found only when a request was sent, as a network error after every retry ("fetchFn is not a function").
  if (fetch !== undefined && typeof fetch !== 'function') {
    problems.push(`fetch must be a function (request: Request) => Promise<Response>, got ${given(fetch)}`);
  }
  // `retry: true`, `0` or `null` were read as no retry options at all: the defaults, without a word.
  if (retry !== undefined && retry !== false && !isOptionsObject(retry)) {
    problems.push(`retry must be an object of retry options or false, got ${given(retry)}`);
  } else if (retry) {
    // So were a Map's entries (no own names to read) and a Date, a class instance (what is on its
    // prototype is no option the caller set here), as call options are (callOptionsProblems).
    const kind = instanceKind(retry);
    if (kind !== undefined) {
      problems.push(`retry must be a plain object of retry options or false, got ${kind}`);
    }
  }
  const strict = (validateResponses as { strict?: unknown } | null)?.strict;
  if (
    validateResponses !== undefined &&
    typeof validateResponses !== 'boolean' &&
    (typeof validateResponses !== 'object' ||
      validateResponses === null ||
      (strict !== undefined && typeof strict !== 'boolean'))
  ) {
    problems.push(`validateResponses must be true, false or { strict: boolean }, got ${given(validateResponses)}`);
  } else if (typeof validateResponses === 'object') {
    // A Map or a Date turned validation on as a truthy value, without its `strict` ever read.
    const kind = instanceKind(validateResponses);
    if (kind !== undefined) {
      problems.push(`validateResponses must be true, false or a plain object { strict: boolean }, got ${kind}`);
    }
  }
  if (problems.length > 0) {
    throw new TypeError(`createAssetsClient: ${problems.join('; ')}`);
  }
}
