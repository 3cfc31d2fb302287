import { describe, expect, it } from 'vitest';
import { type AssetsClientOptions, createAssetsClient } from '../create-assets-client.js';
import type { RetryOptions } from '../retry/retry-options.js';

const baseUrl = 'https://api.webflow.com/v2';
const token = 't';

/** What a JavaScript caller (or one casting to any) may pass: anything at all. */
const create = (options: unknown) => () => createAssetsClient(options as AssetsClientOptions);

// Every option the client takes, with a valid value. Typed `Required<…>`, so adding an option
// without adding it here fails check-types.
const everyRetryOption: Required<RetryOptions> = {
  maxRetries: 3,
  baseDelayMs: 10,
  maxDelayMs: 100,
  maxRetryAfterMs: 1000,
  maxRateLimitWaitMs: 5000,
  retryNonIdempotent: true,
  rateLimitPauseMs: 60_000,
  sleep: async () => {},
  random: () => 0.5,
  onRetry: () => {},
};
const everyOption: Required<AssetsClientOptions> = {
  baseUrl,
  token,
  fetch: (request) => fetch(request),
  retry: everyRetryOption,
  timeoutMs: 5000,
  validateResponses: { strict: true },
};

describe('createAssetsClient option names', () => {
  it.each([
    ['every option', everyOption],
    ['only the required ones', { baseUrl, token }],
    ['retry: false', { baseUrl, token, retry: false }],
    ['an empty retry', { baseUrl, token, retry: {} }],
    ['a known option set to undefined', { baseUrl, token, fetch: undefined, retry: { sleep: undefined } }],
    ['validateResponses: true', { baseUrl, token, validateResponses: true }],
    ['an empty validateResponses object', { baseUrl, token, validateResponses: {} }],
  ])('takes %s', (_name, options) => {
    expect(create(options)).not.toThrow();
  });

  // Found in review: a JavaScript caller's misspelt option was dropped without a word, so
  // `baseURL` failed only as "baseUrl must be …" and `retry: { maxRetres: 5 }` retried twice.
  it.each([
    ['a misspelt name', { baseUrl, token, baseURl: 'x' }, 'unknown option "baseURl"; did you mean "baseUrl"?'],
    ['a name in another case', { token, baseURL: baseUrl }, 'unknown option "baseURL"; did you mean "baseUrl"?'],
    [
      'a misspelt retry option',
      { baseUrl, token, retry: { maxRetres: 3 } },
      'unknown option "retry.maxRetres"; did you mean "retry.maxRetries"?',
    ],
    [
      'a retry option without its unit',
      { baseUrl, token, retry: { baseDelay: 10 } },
      'unknown option "retry.baseDelay"; did you mean "retry.baseDelayMs"?',
    ],
    [
      // Three edits from maxRetries: too far to guess, so the message lists the names instead.
      'a retry option too far from any to guess',
      { baseUrl, token, retry: { maxRetry: 3 } },
      'unknown option "retry.maxRetry" (the options are maxRetries, baseDelayMs, maxDelayMs, maxRetryAfterMs, maxRateLimitWaitMs, retryNonIdempotent, rateLimitPauseMs, sleep, random, onRetry)',
    ],
    [
      'a name without its unit',
      { baseUrl, token, timeout: 5000 },
      'unknown option "timeout"; did you mean "timeoutMs"?',
    ],
    [
      'a retry option given at the top',
      { baseUrl, token, maxRateLimitWait: 1000 },
      'unknown option "maxRateLimitWait"; did you mean "retry.maxRateLimitWaitMs"?',
    ],
    [
      'a retry option given at the top, spelt right',
      { baseUrl, token, maxRetries: 5 },
      'unknown option "maxRetries"; did you mean "retry.maxRetries"?',
    ],
    [
      'a client option given in retry',
      { baseUrl, token, retry: { timeoutMs: 5 } },
      'unknown option "retry.timeoutMs"; did you mean "timeoutMs"?',
    ],
    [
      'a misspelt validateResponses option',
      { baseUrl, token, validateResponses: { stict: true } },
      'unknown option "validateResponses.stict"; did you mean "validateResponses.strict"?',
    ],
    [
      'a name close to none',
      { baseUrl, token, colour: 'red' },
      'unknown option "colour" (the options are baseUrl, token, fetch, retry, timeoutMs, validateResponses)',
    ],
    [
      'a retry name close to none',
      { baseUrl, token, retry: { jitter: true } },
      'unknown option "retry.jitter" (the options are maxRetries, baseDelayMs, maxDelayMs, maxRetryAfterMs, maxRateLimitWaitMs, retryNonIdempotent, rateLimitPauseMs, sleep, random, onRetry)',
    ],
    [
      "an Object.prototype name (no object's own option)",
      { baseUrl, token, toString: 'x' },
      'unknown option "toString" (the options are baseUrl, token, fetch, retry, timeoutMs, validateResponses)',
    ],
    [
      "openapi-fetch's headers, which the client does not pass on",
      { baseUrl, token, headers: { 'x-trace': '1' } },
      'unknown option "headers" (an option of openapi-fetch\'s createClient, which createAssetsClient does not pass on: change requests with client.use({ onRequest }))',
    ],
    [
      "openapi-fetch's querySerializer",
      { baseUrl, token, querySerializer: () => '' },
      'unknown option "querySerializer" (an option of openapi-fetch\'s createClient',
    ],
  ])('refuses %s, naming it', (_name, options, message) => {
    expect(create(options)).toThrow(TypeError);
    expect(create(options)).toThrow(`createAssetsClient: ${message}`);
  });

  it('lists every unknown name at once, beside the other problems', () => {
    expect(create({ baseURL: baseUrl, token, timeout: 1, retry: { maxRetres: 1 } })).toThrow(
      'createAssetsClient: unknown option "baseURL"; did you mean "baseUrl"?; unknown option "timeout"; did you mean "timeoutMs"?; unknown option "retry.maxRetres"; did you mean "retry.maxRetries"?; baseUrl must be an absolute http(s) URL such as https://api.webflow.com/v2, got undefined',
    );
  });
});

describe('createAssetsClient option values', () => {
  it.each([
    [
      'no options at all',
      undefined,
      TypeError,
      /^createAssetsClient: options must be an object \{ baseUrl, token, … \}, got undefined$/,
    ],
    ['null', null, TypeError, /^createAssetsClient: options must be an object .*got null$/],
    ['a URL alone', baseUrl, TypeError, /^createAssetsClient: options must be an object .*got "https:\/\/api/],
    [
      'retry: true',
      { baseUrl, token, retry: true },
      TypeError,
      /^createAssetsClient: retry must be an object of retry options or false, got true$/,
    ],
    ['retry: 0', { baseUrl, token, retry: 0 }, TypeError, /retry must be an object of retry options or false, got 0$/],
    [
      'retry: null',
      { baseUrl, token, retry: null },
      TypeError,
      /retry must be an object of retry options or false, got null$/,
    ],
    [
      'retry as an array',
      { baseUrl, token, retry: [] },
      TypeError,
      /retry must be an object of retry options or false, got an array$/,
    ],
    [
      'retryNonIdempotent as a string',
      { baseUrl, token, retry: { retryNonIdempotent: 'false' } },
      TypeError,
      /^retry\.retryNonIdempotent must be true or false, got "false"$/,
    ],
    [
      'timeoutMs: NaN',
      { baseUrl, token, timeoutMs: Number.NaN },
      TypeError,
      /timeoutMs must be a number of ms .*got NaN$/,
    ],
    [
      'timeoutMs as a string',
      { baseUrl, token, timeoutMs: '5000' },
      TypeError,
      /timeoutMs must be a number of ms .*got "5000"$/,
    ],
    [
      'fetch that is no function',
      { baseUrl, token, fetch: {} },
      TypeError,
      /fetch must be a function .*got an object$/,
    ],
    [
      'a negative maxRetries',
      { baseUrl, token, retry: { maxRetries: -1 } },
      RangeError,
      /^retry\.maxRetries must be a whole number >= 0, got -1$/,
    ],
    [
      'maxRetries as a string',
      { baseUrl, token, retry: { maxRetries: '3' } },
      RangeError,
      /^retry\.maxRetries must be a whole number >= 0, got "3"$/,
    ],
    [
      'a NaN delay',
      { baseUrl, token, retry: { baseDelayMs: Number.NaN } },
      RangeError,
      /^retry\.baseDelayMs must be a number of ms .*got NaN$/,
    ],
    [
      'random that is no function',
      { baseUrl, token, retry: { random: 0.5 } },
      TypeError,
      /^retry\.random must be a function, got 0.5$/,
    ],
    [
      'validateResponses.strict as a string',
      { baseUrl, token, validateResponses: { strict: 'yes' } },
      TypeError,
      /validateResponses must be true, false or \{ strict: boolean \}/,
    ],
  ])('refuses %s clearly', (_name, options, type, message) => {
    expect(create(options)).toThrow(type);
    expect(create(options)).toThrow(message);
  });
});

/** Retry settings as a class instance: its fields look like retry options, but it is no plain object. */
class RetrySettings {
  maxRetries = 5;
}

describe('createAssetsClient nested options that are no plain object', () => {
  // Found in review: `retry: new Map()` (or a Date, a class instance) was read as retry options
  // without a name in them: the default retries, without a word; a Map as `validateResponses`
  // turned validation on, as a truthy value.
  it.each([
    [
      'retry as a Map',
      { retry: new Map([['maxRetries', 5]]) },
      'retry must be a plain object of retry options or false, got a Map',
    ],
    ['retry as a Date', { retry: new Date() }, 'retry must be a plain object of retry options or false, got a Date'],
    [
      'retry as a class instance',
      { retry: new RetrySettings() },
      'retry must be a plain object of retry options or false, got a RetrySettings',
    ],
    [
      'validateResponses as a Map',
      { validateResponses: new Map([['strict', true]]) },
      'validateResponses must be true, false or a plain object { strict: boolean }, got a Map',
    ],
    [
      'validateResponses as a Date',
      { validateResponses: new Date() },
      'validateResponses must be true, false or a plain object { strict: boolean }, got a Date',
    ],
  ])('refuses %s with a TypeError naming its class', (_name, options, message) => {
    expect(create({ baseUrl, token, ...options })).toThrow(TypeError);
    expect(create({ baseUrl, token, ...options })).toThrow(`createAssetsClient: ${message}`);
  });

  it('lists them with every other problem in one TypeError', () => {
    expect(create({ baseUrl, token: 'Bearer x', retry: new Map(), validateResponses: new Date() })).toThrow(
      new TypeError(
        'createAssetsClient: token must be the token alone, without "Bearer " (the client adds it); retry must be a plain object of retry options or false, got a Map; validateResponses must be true, false or a plain object { strict: boolean }, got a Date',
      ),
    );
  });

  it('takes retry options without a prototype (Object.create(null))', () => {
    const retry = Object.assign(Object.create(null) as object, { maxRetries: 1 });
    expect(create({ baseUrl, token, retry, validateResponses: Object.create(null) })).not.toThrow();
  });
});
