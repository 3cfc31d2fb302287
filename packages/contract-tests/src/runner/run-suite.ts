import { randomBytes } from 'node:crypto';
import { type Contract, getContract } from '@assetkit/contract';
import { cleanUp, parseJsonOrUndefined } from './cleanup-phase.js';
import { createCleanupRegistry } from './cleanup-registry.js';
import { type Clock, systemClock } from './clock.js';
import { createCoverage } from './coverage.js';
import { tokenProblems } from './credentials.js';
import { moduleOptionProblems, READ_METHODS } from './module-options.js';
import { createOperationCaller } from './operation-caller.js';
import { CODE_OPTION_NAMES, type OptionNames } from './option-names.js';
import { isLoopback, type RateLimit } from './rate-limiter.js';
import type {
  CheckResult,
  CleanupReport,
  RecordedRequest,
  RunReport,
  ScenarioReport,
  StepReport,
} from './report-types.js';
import { createRunLimiter, type Lane } from './run-limiter.js';
import { runScenario, type SkipRule } from './run-scenario.js';
import type { CleanupCall, FetchLike, ScenarioConfig, ScenarioModule, UntriggerableRule } from './scenario-types.js';
import { createStepContext } from './step-context.js';
import { apiRoot, baseUrlProblems } from './target-url.js';
import { CERTIFICATE_CODE, certificateStop } from './tls-failure.js';

/** Webflow's smallest plan allows 60 requests a minute per token; the default for remote targets. */
export const DEFAULT_REMOTE_RATE_LIMIT: RateLimit = { requests: 60, windowMs: 60_000 };

/** How long one request may take before it counts as unanswered, unless the run says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The longest timeout a run takes: past it a request that hangs holds the run too long to be useful. */
export const MAX_TIMEOUT_MS = 600_000;

/** What is wrong with a run's `timeoutMs` (named as the entry point takes it), if anything. */
function timeoutProblems(option: string, timeoutMs: unknown): string[] {
  if (timeoutMs === undefined) {
    return [];
  }
  return typeof timeoutMs === 'number' && timeoutMs >= 1 && timeoutMs <= MAX_TIMEOUT_MS
    ? []
    : [
        `${option} must be a number of milliseconds from 1 to ${MAX_TIMEOUT_MS}, got ${typeof timeoutMs === 'string' ? JSON.stringify(timeoutMs) : String(timeoutMs)}`,
      ];
}

/** Everything one run needs. */
export interface RunOptions {
  module: ScenarioModule;
  baseUrl: string;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** Sent as `Authorization: Bearer …`; leave it out for an API (or proxy) that takes no credentials. */
  token?: string;
  /** A second token with read scopes only: makes the 403 pairs of write operations triggerable. */
  readOnlyToken?: string;
  /** The module's options by name (`{ siteId }`). */
  vars: Record<string, string>;
  readOnly?: boolean;
  strict?: boolean;
  exerciseRateLimit?: boolean;
  /**
   * How skip reasons name the options to set: as code sets them (the default), or as the CLI's
   * flags (`CLI_OPTION_NAMES`).
   */
  optionNames?: OptionNames;
  /**
   * `null` = unlimited; `undefined` = follow the server: each credential's requests keep to the
   * `X-RateLimit-Limit` its answers announce, and until one does, none for loopback targets, else
   * 60/min. A given limit always wins over what the server announces.
   */
  rateLimit?: RateLimit | null;
  /**
   * Called when a credential's requests (`lane`: `token`, `read-only`, or `other` for calls
   * without a valid token) start keeping to a budget the server announced, or a lower one.
   */
  onRateLimit?: (limit: RateLimit, lane: Lane) => void;
  /**
   * Told in one line what the server said of a budget that changes no pace (an unreadable
   * `X-RateLimit-Limit`), of each pause for a budget it says is spent (`X-RateLimit-Remaining`),
   * and of each wait before a call answered 429 is sent again.
   */
  onRateLimitNote?: (line: string) => void;
  maxRetries?: number;
  timeoutMs?: number;
  skip?: readonly SkipRule[];
  /** Abort to interrupt: no new requests, then cleanup, then the report (`interrupted: true`). */
  interrupt?: AbortSignal;
  clock?: Clock;
  runId?: string;
  onStep?: (scenario: string, step: StepReport) => void;
  /** Called with a line when cleanup sends a request again (a 5xx, no answer), before it waits. */
  onCleanupRetry?: (what: string) => void;
}

/**
 * Why a run stopped at its first request. `report` is the run up to there (the probe and its
 * checks, nothing created), so the reports can say what happened instead of staying as they were.
 */
export class RunStoppedError extends Error {
  constructor(
    message: string,
    readonly report: RunReport,
  ) {
    super(message);
  }
}

/** The target did not answer the first request at all (exit code 2). */
export class TargetUnreachableError extends RunStoppedError {
  override name = 'TargetUnreachableError';
}

/** The target's TLS certificate was refused by this machine (exit code 2): reachable, and unusable. */
export class TargetCertificateError extends RunStoppedError {
  override name = 'TargetCertificateError';
}

/** The first request was refused in a way no scenario can work with (bad token, unknown site). */
export class ProbeRejectedError extends RunStoppedError {
  override name = 'ProbeRejectedError';
}

function scenarioConfig(options: RunOptions): ScenarioConfig {
  return {
    vars: options.vars,
    readOnly: options.readOnly ?? false,
    hasReadOnlyToken: options.readOnlyToken !== undefined,
    exerciseRateLimit: options.exerciseRateLimit ?? false,
    optionNames: options.optionNames ?? CODE_OPTION_NAMES,
  };
}

/** In read-only runs every pair of a writing operation is out of reach, whatever the API. */
function readOnlyRules(contract: Contract, names: OptionNames): UntriggerableRule[] {
  return contract.operations
    .filter((op) => !READ_METHODS.has(op.method.toUpperCase()))
    .flatMap((op) =>
      op.responses.map((r) => ({
        operationId: op.operationId,
        status: r.status,
        reason: `${names.readOnly} sends no writes`,
      })),
    );
}

function summarize(scenarios: ScenarioReport[]): RunReport['summary'] {
  const steps = scenarios.flatMap((s) => s.steps);
  const checks = steps.flatMap((s) => s.checks);
  const failed = checks.filter((c) => !c.passed).length;
  return {
    checks: checks.length,
    passed: checks.length - failed,
    failed,
    steps: steps.length,
    failedSteps: steps.filter((s) => s.status === 'failed').length,
  };
}

/** How a transport failure that was a timeout reads (undici's and AbortSignal.timeout's words). */
const TIMED_OUT = /timeout|timed out/i;
/** A probe whose answer was too large to read (`readCappedBody`, `@assetkit/contract`): the target answered, and was not dropped. */
const TOO_LARGE = /the most this suite reads/;

/**
 * What is wrong with the options before anything is sent (the CLI checks the same from its flags):
 * a missing module, a base URL that is missing, not an http(s) URL, or holds a password or a query
 * string, a token no header can carry, a timeout out of range (`NaN`, 0, or one `setTimeout` cannot
 * keep), or a variable the module needs that is missing or malformed.
 */
function optionProblems(options: RunOptions): string[] {
  const { module } = options;
  const names = options.optionNames ?? CODE_OPTION_NAMES;
  if (typeof module !== 'object' || module === null) {
    return [`${names.api} is required: a scenario module, e.g. scenarioModule("webflow-assets")`];
  }
  return [
    ...baseUrlProblems(options.baseUrl, { option: names.baseUrl, token: names.token }),
    ...tokenProblems(names.token, options.token),
    ...tokenProblems(names.readOnlyToken, options.readOnlyToken),
    ...timeoutProblems(names.timeout, options.timeoutMs),
    ...moduleOptionProblems(module.options, options.vars ?? {}, (o) => names.moduleOption(o)),
  ];
}

/**
 * Runs a scenario module against a target: a probe, the scenarios (in parallel; each one's
 * steps in order), cleanup of everything registered (also after failures and interruption),
 * then the final-phase scenarios, and returns the report. Knows nothing of the API under test:
 * operations, checks and coverage come from the contract, the rest from the module.
 *
 * @example
 * const report = await runSuite({ module: scenarioModule('webflow-assets'), baseUrl, token, vars: { siteId } });
 * report.summary.failed; // 0
 */
export async function runSuite(options: RunOptions): Promise<RunReport> {
  const problems = optionProblems(options);
  if (problems.length > 0) {
    // Else the whole suite ran, and every step needing the value failed as if the server had.
    throw new TypeError(`runSuite: ${problems.join('; ')}`);
  }
  const { module } = options;
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const contract = getContract(module.api as Parameters<typeof getContract>[0]);
  const root = apiRoot(contract, options.baseUrl);
  const runId = options.runId ?? randomBytes(4).toString('hex');
  const config = scenarioConfig(options);
  const coverage = createCoverage(contract);
  const registry = createCleanupRegistry();
  const follow = options.rateLimit === undefined;
  const limiter = createRunLimiter({
    limit: !follow ? (options.rateLimit ?? null) : isLoopback(root) ? null : DEFAULT_REMOTE_RATE_LIMIT,
    follow,
    clock,
    onAdopt: (limit, lane) => options.onRateLimit?.(limit, lane),
    onNote: (line) => options.onRateLimitNote?.(line),
    optionNames: config.optionNames,
  });
  // Interrupted, cleanup sends what it must at once: a pause of a minute or two for what the
  // server says is left would keep the user waiting (a 429 is still waited out, once).
  const stopFollowing = () => limiter.stopFollowing();
  options.interrupt?.addEventListener('abort', stopFollowing, { once: true });
  if (options.interrupt?.aborted) {
    stopFollowing();
  }
  const shared = {
    contract,
    root,
    fetch: options.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init)),
    limiter,
    clock,
    tokens: { token: options.token, readOnly: options.readOnlyToken },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? 3,
    strict: options.strict ?? false,
    onRetryWait: options.onRateLimitNote,
    optionNames: config.optionNames,
  };
  // Whether a write was sent: only then can something have escaped the registry for a sweep to find.
  let wrote = false;
  const caller = createOperationCaller({
    ...shared,
    interrupt: options.interrupt,
    onResponse: coverage.hit,
    onSend: (method) => {
      wrote ||= !READ_METHODS.has(method);
    },
  });
  const lastRequest = new Map<string, RecordedRequest>();
  const declared: UntriggerableRule[] = [];
  const contextDeps = {
    untriggerable: declared,
    contract,
    caller,
    registry,
    runId,
    vars: options.vars,
    strict: shared.strict,
    readOnly: config.readOnly,
    hasReadOnlyToken: config.hasReadOnlyToken,
    optionNames: config.optionNames,
    lastRequest,
  };
  const run = (scenario: ScenarioModule['scenarios'][number]) =>
    runScenario(scenario, {
      runId,
      context: (checks: CheckResult[]) => createStepContext(contextDeps, checks),
      skip: options.skip ?? [],
      now: () => clock.now(),
      onStep: options.onStep,
    });

  /** The report of the run so far: these scenarios, this cleanup, the coverage until now. */
  const reportOf = (all: ScenarioReport[], cleanup: CleanupReport): RunReport => ({
    api: module.api,
    baseUrl: root,
    runId,
    startedAt: new Date(started).toISOString(),
    durationMs: clock.now() - started,
    readOnly: config.readOnly,
    strict: shared.strict,
    interrupted: options.interrupt?.aborted ?? false,
    scenarios: all,
    coverage: coverage.report(
      [...module.untriggerable(config), ...(config.readOnly ? readOnlyRules(contract, config.optionNames) : [])],
      declared,
    ),
    cleanup,
    rateLimit: limiter.report(),
    summary: summarize(all),
  });

  const probe = module.probe(config);
  const probeOnce = () =>
    run({
      name: 'probe',
      description: 'The target answers, and accepts the credentials and configuration.',
      writes: false,
      steps: () => [{ name: 'target answers', run: async (ctx) => void (await ctx.call(probe.call)) }],
    });
  const gate = (report: ScenarioReport) =>
    report.steps[0]?.checks.find((c) => c.check === 'transport' || c.check === 'expected-status');
  let probeReport = await probeOnce();
  let probeCheck = gate(probeReport);
  const noAnswer = probeCheck?.check === 'transport' ? (probeCheck.failures[0]?.message ?? '') : undefined;
  if (
    noAnswer !== undefined &&
    !TIMED_OUT.test(noAnswer) &&
    !TOO_LARGE.test(noAnswer) &&
    !/ECONNREFUSED/i.test(noAnswer) &&
    !CERTIFICATE_CODE.test(noAnswer)
  ) {
    // A connection the server accepted and closed without an answer, once, is no dead target:
    // ask again before giving up on the run. The drop stays in the report, a finding like any other.
    const dropped = probeReport;
    probeReport = await probeOnce();
    probeCheck = gate(probeReport);
    const [first, again] = [dropped.steps[0], probeReport.steps[0]];
    if (first && again) {
      again.checks.unshift(...first.checks);
      again.status = 'failed';
      probeReport.status = 'failed';
    }
  }
  // The run as far as the probe got: what a run that stops here reports.
  const stoppedReport = () => reportOf([probeReport], { removed: [], failed: [], left: [] });
  if (probeCheck?.check === 'transport') {
    const message = probeCheck.failures[0]?.message ?? '';
    const certificate = certificateStop(root, message, config.optionNames.baseUrl);
    if (certificate !== undefined) {
      throw new TargetCertificateError(certificate, stoppedReport());
    }
    // A server that accepted the connection and then said nothing is not unreachable: say which.
    throw new TargetUnreachableError(
      TIMED_OUT.test(message)
        ? `${root} did not answer within ${shared.timeoutMs / 1000} s: ${message}`
        : TOO_LARGE.test(message)
          ? `${root} answered with a body too large to be the API's: ${message}`
          : `${root} is unreachable: ${message}`,
      stoppedReport(),
    );
  }
  const status = probeCheck?.status;
  if (status !== undefined && status >= 300 && status < 400) {
    // Redirects are not followed (a cross-origin one would drop the token); none is documented,
    // so every check would fail on it: the URL is the problem, not the server's conformance.
    throw new ProbeRejectedError(
      `the first request (${probeCheck?.subject}) was answered with a ${status} redirect: point ${config.optionNames.baseUrl} at the API itself (where the redirect leads), not at an address that forwards to it`,
      stoppedReport(),
    );
  }
  const html = probeReport.steps[0]?.checks
    .find((c) => c.check === 'content-type' && !c.passed)
    ?.failures.find((f) => /Content-Type (text\/html|application\/xhtml\+xml)\b/.test(f.message));
  if (html && probeCheck?.passed) {
    // A web page where the API should be (a site's home, a login page): every check would fail on
    // it, and the run would read as a server that breaks the contract everywhere.
    throw new ProbeRejectedError(
      `the first request (${probeCheck.subject}) was answered with an HTML page, not the API: point ${config.optionNames.baseUrl} at the API's root (for example https://api.webflow.com/v2)`,
      stoppedReport(),
    );
  }
  const hint = status !== undefined ? probe.hints[status] : undefined;
  if (hint !== undefined) {
    throw new ProbeRejectedError(`the first request (${probeCheck?.subject}) was refused: ${hint}`, stoppedReport());
  }

  const unavailable = (s: ScenarioModule['scenarios'][number]) =>
    config.readOnly && s.writes ? `${config.optionNames.readOnly}: this scenario writes` : s.unavailable?.(config);
  const skipped = (s: ScenarioModule['scenarios'][number], reason: string): ScenarioReport => ({
    name: s.name,
    description: s.description,
    status: 'skipped',
    reason,
    steps: s
      .steps({ runId })
      .map((step) => ({ name: step.name, status: 'skipped', reason, durationMs: 0, checks: [] })),
  });
  const main = module.scenarios.filter((s) => (s.phase ?? 'main') === 'main');
  const scenarios = await Promise.all(
    main.map((s) => {
      const reason = unavailable(s);
      return reason === undefined ? run(s) : Promise.resolve(skipped(s, reason));
    }),
  );

  const cleanupCaller = createOperationCaller(shared);
  const cleanupCall: CleanupCall = async (spec) => {
    const outcome = await cleanupCaller.call({ ...spec, expect: [] });
    return { status: outcome.status, body: parseJsonOrUndefined(outcome.text), headers: outcome.headers };
  };
  const interrupted = options.interrupt?.aborted ?? false;
  const cleanup = await cleanUp(module, registry, cleanupCall, {
    clock,
    runId,
    vars: options.vars,
    sweep: wrote && (interrupted || scenarios.some((s) => s.status !== 'passed')),
    signal: options.interrupt,
    onRetry: options.onCleanupRetry,
  });

  for (const s of module.scenarios.filter((m) => m.phase === 'final')) {
    const reason = options.interrupt?.aborted ? 'the run was interrupted' : unavailable(s);
    scenarios.push(reason === undefined ? await run(s) : skipped(s, reason));
  }

  options.interrupt?.removeEventListener('abort', stopFollowing);
  return reportOf([probeReport, ...scenarios], cleanup);
}
