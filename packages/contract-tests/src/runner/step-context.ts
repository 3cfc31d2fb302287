import type { Contract } from '@assetkit/contract';
import { parseJsonOrUndefined } from './cleanup-phase.js';
import type { CleanupRegistry } from './cleanup-registry.js';
import { toCurl } from './curl.js';
import { deepDiff, show } from './deep-diff.js';
import { InterruptedError, type OperationCaller, TransportError } from './operation-caller.js';
import type { OptionNames } from './option-names.js';
import type { CheckResult, RecordedRequest } from './report-types.js';
import type { Exchange, StepContext, UntriggerableRule } from './scenario-types.js';

/** A step needs data an earlier failure did not produce; the step is reported as blocked. */
export class BlockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlockedError';
  }
}

/** A step found it cannot run with this configuration; reported as skipped with the reason. */
export class SkippedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SkippedError';
  }
}

/**
 * The run is read-only (`readOnly`, the option's name as the run was started: `--read-only`,
 * `readOnly: true`) and a step tried to write: a bug in the scenario, never sent.
 */
export class ReadOnlyViolationError extends Error {
  constructor(method: string, what: string, readOnly: string) {
    super(`${readOnly}: refused to send ${method} ${what}`);
    this.name = 'ReadOnlyViolationError';
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What {@link createStepContext} needs from the run. */
export interface StepContextDeps {
  contract: Contract;
  caller: OperationCaller;
  registry: CleanupRegistry;
  runId: string;
  vars: Readonly<Record<string, string>>;
  strict: boolean;
  readOnly: boolean;
  hasReadOnlyToken: boolean;
  /** The run options as the entry point takes them (`CLI_OPTION_NAMES`, `CODE_OPTION_NAMES`). */
  optionNames: OptionNames;
  /** The latest request per operation id, shared across steps, to attach to semantic failures. */
  lastRequest: Map<string, RecordedRequest>;
  /** Collects pairs declared untriggerable at run time. */
  untriggerable: UntriggerableRule[];
}

/**
 * The context one step runs with; every check it makes is appended to `checks`. Semantic checks
 * carry the `curl` of the latest request of the operation they are about, so a failure of "PATCH
 * returned what GET shows" can be reproduced like any other.
 */
export function createStepContext(deps: StepContextDeps, checks: CheckResult[]): StepContext {
  const attach = (operationId: string | undefined, of: Exchange | undefined, passed: boolean) => {
    const request = of?.request ?? (operationId ? deps.lastRequest.get(operationId) : undefined);
    return {
      ...(request && { request, curl: toCurl(request) }),
      ...(!passed && of && { response: deps.caller.excerpt(of.status, of.headers, of.text) }),
    };
  };
  // Once a call of this step got a status other than the expected one, or a body that is not
  // JSON, that failure is the finding: semantic checks that fail afterwards compare data the
  // server never meant to send (a 429's error body is not a folder), so they are not reported as
  // failures of their own.
  let wrongStatus = false;
  const record = (check: CheckResult) => {
    if (!check.passed && wrongStatus) {
      return;
    }
    checks.push(check);
  };
  const context: StepContext = {
    runId: deps.runId,
    vars: deps.vars,
    strict: deps.strict,
    hasReadOnlyToken: deps.hasReadOnlyToken,
    optionNames: deps.optionNames,
    async call(spec) {
      const method = deps.contract.operation(spec.operationId)?.method.toUpperCase() ?? '?';
      if (deps.readOnly && !SAFE_METHODS.has(method)) {
        throw new ReadOnlyViolationError(method, spec.operationId, deps.optionNames.readOnly);
      }
      const outcome = await deps.caller.call(spec).catch((error: unknown) => {
        if (error instanceof TransportError || error instanceof InterruptedError) {
          checks.push(...error.checksBefore);
        }
        throw error;
      });
      checks.push(...outcome.checks);
      const body = parseJsonOrUndefined(outcome.text);
      // A body that is not JSON at all is the same kind of finding: nothing after it can be read.
      // Under a content type that is not JSON's (an HTML page), the failed content-type check is
      // what says so: the schema check never reads that body. Only a success's body is read on:
      // an error's (a 404 as plain text) leaves the step's other comparisons standing.
      const unreadable = body === undefined && outcome.text.trim() !== '' && outcome.status < 300;
      wrongStatus ||= outcome.checks.some(
        (c) =>
          !c.passed &&
          (c.check === 'expected-status' ||
            unreadable ||
            (c.check === 'body-schema' && c.failures.some((f) => f.keyword === 'json'))),
      );
      deps.lastRequest.set(spec.operationId, outcome.request);
      return {
        status: outcome.status,
        headers: outcome.headers,
        text: outcome.text,
        body,
        ok: outcome.checks.every((c) => c.passed),
        request: outcome.request,
      };
    },
    async raw(request) {
      if (deps.readOnly && !SAFE_METHODS.has(request.method.toUpperCase())) {
        throw new ReadOnlyViolationError(request.method, request.url, deps.optionNames.readOnly);
      }
      const { recorded, ...exchange } = await deps.caller.raw(request);
      deps.lastRequest.set(`raw ${request.url}`, recorded);
      return exchange;
    },
    expectEqual(check, actual, expected, at = {}) {
      const differences = deepDiff(actual, expected, { base: at.pointer ?? '', ignoreOneSided: !deps.strict });
      record({
        check,
        ...(at.operationId && { operationId: at.operationId }),
        subject: at.operationId ? `${check} (${at.operationId})` : check,
        passed: differences.length === 0,
        failures: differences.map((d) => ({
          location: 'semantic',
          pointer: d.pointer,
          message: at.sides
            ? `${at.sides.actual} has ${show(d.actual)}, ${at.sides.expected} has ${show(d.expected)} (either may be the one that is wrong)`
            : `expected ${show(d.expected)}, got ${show(d.actual)}`,
          expected: show(d.expected),
          actual: show(d.actual),
        })),
        ...attach(at.operationId, at.of, differences.length === 0),
      });
      return differences.length === 0;
    },
    expect(check, ok, failure) {
      const { operationId, of, ...rest } = failure;
      record({
        check,
        ...(operationId && { operationId }),
        subject: operationId ? `${check} (${operationId})` : check,
        passed: ok,
        failures: ok ? [] : [{ location: 'semantic', ...rest }],
        ...attach(operationId, of, ok),
      });
      return ok;
    },
    record(result) {
      checks.push(result);
    },
    register(resource) {
      deps.registry.register(resource);
    },
    release(kind, id) {
      deps.registry.release(kind, id);
    },
    need(value, what) {
      if (value === undefined || value === null) {
        throw new BlockedError(`needs ${what}, which an earlier step did not produce`);
      }
      return value;
    },
    untriggerable(rule) {
      deps.untriggerable.push(rule);
    },
    skip(reason) {
      throw new SkippedError(reason);
    },
  };
  return context;
}
