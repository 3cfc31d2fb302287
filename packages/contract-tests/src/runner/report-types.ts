import type { ViolationLocation } from '@assetkit/contract';

/**
 * The checks the runner applies. The first five run on every response of an API operation; the
 * rest are named by scenarios (semantic checks such as `patch-equals-get`, or `upload` for the
 * storage step that is outside the contract).
 */
export type CheckName =
  | 'expected-status'
  | 'status-documented'
  | 'content-type'
  | 'headers'
  | 'body-schema'
  | 'transport'
  | (string & {});

/** One concrete problem a check found, precise enough to act on. */
export interface Failure {
  /** Where: a violation location (`response.body`, …) or `semantic` for scenario checks. */
  location: ViolationLocation | 'semantic' | 'transport';
  /** JSON pointer into the response part (`/variants/0/height`; `''` is the whole of it). */
  pointer: string;
  /** JSON pointer into the spec, when a schema keyword failed. */
  schemaPath?: string;
  keyword?: string;
  message: string;
  expected?: string;
  actual?: string;
}

/** A request as it was sent, with the token redacted, enough to rebuild a `curl` command. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** A text body, or multipart form fields (file parts carry only their name and size). */
  body?: string;
  form?: { name: string; value?: string; fileName?: string; size?: number }[];
}

/** The outcome of one check on one response (or one scenario assertion). */
export interface CheckResult {
  check: CheckName;
  /** The operation the check is about, when it is about one. */
  operationId?: string;
  /** The status of the response the check looked at. */
  status?: number;
  passed: boolean;
  /** What was checked, in a few words (`GET list-assets → 200`). */
  subject: string;
  failures: Failure[];
  request?: RecordedRequest;
  /** A command that repeats the request (`Authorization: Bearer <redacted>`). */
  curl?: string;
  /** On a failed check of a response: how it began, as the server's own words often say why. */
  response?: ResponseExcerpt;
}

/** The start of a response: status, content type and the first 2,000 characters of its body. */
export interface ResponseExcerpt {
  status: number;
  contentType?: string;
  text: string;
  /** Set when the body was longer than the excerpt. */
  truncated?: true;
}

/**
 * How a step ended. `blocked` = stopped for want of data an earlier step did not produce, or not
 * run because the run was interrupted or the target stopped answering.
 */
export type StepStatus = 'passed' | 'failed' | 'blocked' | 'skipped';

/** One step of a scenario and every check it made. */
export interface StepReport {
  name: string;
  status: StepStatus;
  /** Why a step was blocked, skipped, or threw. */
  reason?: string;
  durationMs: number;
  checks: CheckResult[];
}

/** One scenario of a run. */
export interface ScenarioReport {
  name: string;
  description: string;
  status: StepStatus;
  reason?: string;
  steps: StepReport[];
}

/** One documented operation × status pair and whether the run exercised it. */
export interface CoveragePair {
  operationId: string;
  /** The documented status key (`200`, `4XX`, `DEFAULT`). */
  status: string;
  exercised: number;
  triggerable: boolean;
  /** Why the pair cannot be triggered in this run (only when `triggerable` is false). */
  reason?: string;
}

/** A ratio with its percentage (100 when the denominator is 0). */
export interface Ratio {
  exercised: number;
  total: number;
  percent: number;
}

/** The operation × status coverage of a run. */
export interface CoverageReport {
  operations: string[];
  statuses: string[];
  pairs: CoveragePair[];
  /** Over every documented pair. */
  raw: Ratio;
  /** Over the pairs this run could trigger; `--min-coverage` applies to this. */
  triggerable: Ratio;
}

/** What cleanup did with every resource the run created. */
export interface CleanupReport {
  /** `attempts` only when the removal took more than one request (see {@link CleanupReport.failed}). */
  removed: { kind: string; id: string; label: string; attempts?: number }[];
  /**
   * `attempts`: how many requests the removal sent before it was given up, retries included (0 =
   * not tried: the target had stopped answering). None when the removal was not attempted on
   * purpose (a resource that turned out not to be the run's), nor for the search for leftovers
   * (`kind: 'sweep'`).
   */
  failed: { kind: string; id: string; label: string; error: string; attempts?: number }[];
  /** Resources that cannot be removed through the API, with why. */
  left: { kind: string; id: string; label: string; reason: string }[];
}

/** An `X-RateLimit-Limit` that could not be used as a budget (`30, 60`, ten digits), and why. */
export interface UnreadableLimit {
  /** The header as it came (its first 60 characters). */
  value: string;
  reason: string;
}

/** The pace one credential's requests kept, and what the server announced to it. */
export interface LanePace {
  /** The limit the requests kept to at the end of the run (`null`: none). */
  limit: { requests: number; windowMs: number } | null;
  /**
   * Where it came from: `option` (`--rate-limit`, which always wins), `server` (the
   * `X-RateLimit-Limit` its answers announced), or `default` (none for a loopback target, else
   * 60/min: no answer announced a usable budget).
   */
  source: 'option' | 'server' | 'default';
  /** The lowest `X-RateLimit-Limit` (requests per minute) announced, `null` when none was. */
  announced: number | null;
  /** The first `X-RateLimit-Limit` that could not be read, when one came (the pace did not change). */
  unreadable?: UnreadableLimit;
  /** When requests paused for what the server said was left (`X-RateLimit-Remaining`): how often, and how long in all. */
  paused?: { count: number; ms: number };
}

/**
 * The pace the run kept, and what the server announced: the `--token`'s, and under `lanes` the
 * same for each other credential (`read-only`, `other`: calls without a valid token) that adopted
 * a budget the server announced, or was sent one that could not be read.
 */
export interface RateLimitReport extends LanePace {
  lanes?: Partial<Record<'read-only' | 'other' | 'storage', LanePace>>;
}

/** Everything a run found: the input of every report format. */
export interface RunReport {
  api: string;
  baseUrl: string;
  runId: string;
  startedAt: string;
  durationMs: number;
  readOnly: boolean;
  strict: boolean;
  interrupted: boolean;
  scenarios: ScenarioReport[];
  coverage: CoverageReport;
  cleanup: CleanupReport;
  rateLimit: RateLimitReport;
  summary: { checks: number; passed: number; failed: number; steps: number; failedSteps: number };
}
