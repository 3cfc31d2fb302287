import type { OptionNames } from './option-names.js';
import type { CheckResult, Failure, RecordedRequest } from './report-types.js';

/** A `fetch`-compatible function (global `fetch`, undici's, or an in-process app's). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Which credentials a call carries. */
export type AuthChoice = 'token' | 'read-only' | 'none' | { bearer: string };

/** One call of an API operation, described by operation id (the runner builds the URL). */
export interface CallSpec {
  operationId: string;
  /** Path parameters by name (`{ asset_id: '…' }`); values are percent-encoded by the runner. */
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  /** A JSON body (serialised by the runner). */
  body?: unknown;
  /** A raw body, sent as is (for malformed JSON). Wins over `body`. */
  rawBody?: string;
  /**
   * A `multipart/form-data` body (fetch writes the Content-Type with its boundary). Wins over
   * `body` and `rawBody`; the report records its fields, file parts by name and size.
   */
  form?: FormData;
  /** Defaults to `application/json` when there is a body. */
  contentType?: string;
  /** Defaults to `token`. */
  auth?: AuthChoice;
  /** The status (or statuses) a conforming server answers; anything else fails `expected-status`. */
  expect: number | readonly number[];
  /** Bypass the client-side rate limiter (only for deliberately exhausting the budget). */
  unthrottled?: boolean;
  /** Do not retry on 429 (to observe the 429 itself). */
  noRetry?: boolean;
}

/** A response of an API operation, parsed, with whether every check on it passed. */
export interface Exchange {
  status: number;
  headers: Headers;
  /** The body parsed as JSON when it is JSON (whatever the content type says), else `undefined`. */
  body: unknown;
  text: string;
  /** The expected status arrived and every contract check passed. */
  ok: boolean;
  /** The request as sent (token redacted); semantic checks about this response quote it. */
  request: RecordedRequest;
}

/** Where a semantic check points: the operation, a pointer, and the response it is about. */
export interface CheckSite {
  operationId?: string;
  pointer?: string;
  /** The response the check is about; its request becomes the failure's `curl`. */
  of?: Exchange;
  /**
   * For a comparison of two answers, where each value came from (`{ actual: 'list-assets',
   * expected: 'get-asset' }`): the message names both, since either may be the one that is wrong.
   */
  sides?: { actual: string; expected: string };
}

/** A request outside the contract (storage upload, hosted file), recorded by the scenario. */
export interface RawRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | FormData;
}

/** A response outside the contract. */
export interface RawExchange {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  text: string;
}

/** Something the run created, removed again during cleanup. */
export interface Resource {
  kind: string;
  id: string;
  label: string;
  /** How to remove it; omit when the API has no way to (then `leftReason` says why). */
  remove?: (call: CleanupCall) => Promise<void>;
  leftReason?: string;
}

/**
 * A call made during cleanup: same transport, limiter and 429 handling, but no checks. Cleanup
 * sends it again after a server failure or no answer (`headers` gives it `Retry-After`).
 */
export type CleanupCall = (
  spec: Omit<CallSpec, 'expect'>,
) => Promise<{ status: number; body: unknown; headers?: Headers }>;

/** What a step sees. Every assertion lands in the report as a check. */
export interface StepContext {
  readonly runId: string;
  readonly vars: Readonly<Record<string, string>>;
  readonly strict: boolean;
  readonly hasReadOnlyToken: boolean;
  /** The run options as the entry point takes them, for a skip reason or a message (`pass ${ctx.optionNames.readOnlyToken}`). */
  readonly optionNames: OptionNames;
  /** Calls an operation and applies every response check. */
  call(spec: CallSpec): Promise<Exchange>;
  /** Sends a request outside the contract (no contract checks; assert on it yourself; a GET follows redirects). */
  raw(request: RawRequest): Promise<RawExchange>;
  /**
   * Deep-compares and records check `check`, naming the pointer of every difference. Unless
   * strict, object keys only one side has are not compared (undocumented extras are tolerated).
   */
  expectEqual(check: string, actual: unknown, expected: unknown, at?: CheckSite): boolean;
  /** Records check `check` as passed when `ok`, else with `failure`. */
  expect(check: string, ok: boolean, failure: Omit<Failure, 'location'> & Omit<CheckSite, 'pointer'>): boolean;
  /** Records a check result as is (for checks with their own request, like an upload). */
  record(result: CheckResult): void;
  /** Registers a created resource for cleanup, before anything else can fail. */
  register(resource: Resource): void;
  /** Forgets a resource the scenario removed itself. */
  release(kind: string, id: string): void;
  /** The value, or stops the step as blocked when an earlier failure left it undefined. */
  need<T>(value: T | undefined | null, what: string): T;
  /**
   * Declares, at run time, a pair this run cannot trigger and why (an empty site has no asset to
   * get); it is listed as not triggerable in the coverage report.
   */
  untriggerable(rule: UntriggerableRule): void;
  /** Stops the step and reports it as skipped (the configuration cannot support it), with why. */
  skip(reason: string): never;
}

/** One named step of a scenario. */
export interface StepDef {
  name: string;
  run(ctx: StepContext): Promise<void>;
}

/**
 * A scenario: ordered steps that share state through the closure `steps()` builds. A step runs
 * even when an earlier one failed, so what it takes from an earlier step it reads through
 * `ctx.need` (then it is blocked, not failed with a TypeError, when that step did not produce it).
 */
export interface Scenario {
  name: string;
  description: string;
  /** Whether it sends anything but GET/HEAD (then `--read-only` leaves it out). */
  writes: boolean;
  /** Why it cannot run with this configuration, or `undefined` when it can. */
  unavailable?(config: ScenarioConfig): string | undefined;
  /** `final` scenarios run after cleanup (for example one that exhausts the rate limit). */
  phase?: 'main' | 'final';
  /**
   * Builds fresh steps (and fresh state) for one run; also called to list step names, so it
   * must not do anything but build.
   */
  steps(run: { runId: string }): StepDef[];
}

/** What scenarios may know about the run's configuration. */
export interface ScenarioConfig {
  vars: Readonly<Record<string, string>>;
  readOnly: boolean;
  hasReadOnlyToken: boolean;
  exerciseRateLimit: boolean;
  /** The run options as the user of this entry point sets them, for skip reasons and hints (`--read-only`, `readOnly: true`). */
  optionNames: OptionNames;
}

/** An option a scenario module needs from its user (`--site-id`). */
export interface OptionSpec {
  /** Key in `vars`. */
  name: string;
  /** Long flag without dashes (`site-id`). */
  flag: string;
  /** What the value is, in the usage text (`--path-prefix PATH`); `ID` when left out. */
  placeholder?: string;
  description: string;
  required: boolean;
  /**
   * A check of the value; returns a problem or `undefined`. The problem follows the option's name,
   * which the runner puts before it as the entry point takes it (`--site-id`, `vars.siteId`):
   * `must be a 24-character hex ObjectId, got "abc"`.
   */
  validate?(value: string): string | undefined;
}

/** A documented pair a scenario module can never trigger under this configuration. */
export interface UntriggerableRule {
  /** An operation id, or `*` for every operation. */
  operationId: string;
  status: string;
  reason: string;
}

/** The first request of a run: proves the target is there and the credentials work. */
export interface ProbeSpec {
  call: Omit<CallSpec, 'expect'> & { expect: number };
  /** What to tell the user when the probe gets this status (`401: \`check ${config.optionNames.token}\``). */
  hints: Record<number, string>;
}

/** Everything the runner needs to test one API: the scenarios and configuration, as data. */
export interface ScenarioModule {
  api: string;
  options: OptionSpec[];
  probe(config: ScenarioConfig): ProbeSpec;
  scenarios: Scenario[];
  untriggerable(config: ScenarioConfig): UntriggerableRule[];
  /** Finds what an interrupted or failed step created without the runner learning its id. */
  sweep?(ctx: { runId: string; vars: Readonly<Record<string, string>>; call: CleanupCall }): Promise<Resource[]>;
}
