import { DRIFT_KIND_NAMES, type DriftKind, isDriftKind } from './drift-kinds.js';

/** How often a fault fires: the next `count` matching requests, and/or a share `rate` (0..1) of them. */
export interface FaultFrequency {
  count?: number;
  rate?: number;
}

/**
 * Faults the sandbox injects into API responses (off by default). Every rule without `count`
 * or `rate` fires on every matching request.
 *
 * @example
 * const faults: FaultConfig = { operations: ['get-asset'], error: { status: 503, count: 2 } };
 */
export interface FaultConfig {
  /** operationIds the faults apply to (default: all). */
  operations?: string[];
  /** Delay before answering, in milliseconds (at most 60 000). */
  latencyMs?: number;
  error?: { status: 429 | 500 | 503; retryAfterSeconds?: number } & FaultFrequency;
  /** Destroy the socket without answering. */
  drop?: FaultFrequency;
  /** 200 + `Content-Type: application/json` + a body that is not JSON. */
  invalidJson?: FaultFrequency;
  /** A successful response that breaks the spec in a chosen way. */
  drift?: { kind: DriftKind; count?: number };
  /** Seed of the PRNG behind `rate` (default 1), so runs are reproducible. */
  seed?: number;
}

const TOP_LEVEL = ['operations', 'latencyMs', 'error', 'drop', 'invalidJson', 'drift', 'seed'];
const MAX_LATENCY_MS = 60_000;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isInt(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], at: string, problems: string[]) {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      problems.push(`${at}/${key}: unknown property (allowed: ${allowed.join(', ')})`);
    }
  }
}

function checkFrequency(value: Record<string, unknown>, at: string, problems: string[]): void {
  if (value.count !== undefined && !isInt(value.count, 0, 1_000_000)) {
    problems.push(`${at}/count: must be an integer from 0 to 1000000`);
  }
  if (value.rate !== undefined && !(typeof value.rate === 'number' && value.rate >= 0 && value.rate <= 1)) {
    problems.push(`${at}/rate: must be a number from 0 to 1`);
  }
}

function checkRule(config: Record<string, unknown>, name: string, extra: readonly string[], problems: string[]) {
  const rule = config[name];
  if (rule === undefined) {
    return undefined;
  }
  if (!isObject(rule)) {
    problems.push(`/${name}: must be an object`);
    return undefined;
  }
  checkKeys(rule, ['count', 'rate', ...extra], `/${name}`, problems);
  checkFrequency(rule, `/${name}`, problems);
  return rule;
}

/**
 * Checks a fault configuration from an admin request or the `FAULTS` setting, listing every
 * problem as `<json pointer>: <what is wrong>`. An empty list means it is valid.
 *
 * @example
 * faultConfigProblems({ error: { status: 418 } }, ops); // ['/error/status: must be 429, 500 or 503']
 */
export function faultConfigProblems(value: unknown, operationIds: readonly string[]): string[] {
  if (!isObject(value)) {
    return ['(root): must be a JSON object (or null to clear faults)'];
  }
  const problems: string[] = [];
  checkKeys(value, TOP_LEVEL, '', problems);
  if (value.operations !== undefined) {
    if (!Array.isArray(value.operations)) {
      problems.push('/operations: must be an array of operationIds');
    } else {
      value.operations.forEach((op, i) => {
        if (typeof op !== 'string' || !operationIds.includes(op)) {
          problems.push(`/operations/${i}: ${JSON.stringify(op)} is not an operationId (${operationIds.join(', ')})`);
        }
      });
    }
  }
  if (value.latencyMs !== undefined && !isInt(value.latencyMs, 0, MAX_LATENCY_MS)) {
    problems.push(`/latencyMs: must be an integer from 0 to ${MAX_LATENCY_MS}`);
  }
  if (value.seed !== undefined && !isInt(value.seed, 0, 2 ** 32 - 1)) {
    problems.push('/seed: must be an integer from 0 to 4294967295');
  }
  const error = checkRule(value, 'error', ['status', 'retryAfterSeconds'], problems);
  if (error && ![429, 500, 503].includes(error.status as number)) {
    problems.push('/error/status: must be 429, 500 or 503');
  }
  if (error?.retryAfterSeconds !== undefined && !isInt(error.retryAfterSeconds, 0, 3600)) {
    problems.push('/error/retryAfterSeconds: must be an integer from 0 to 3600');
  } else if (error?.retryAfterSeconds !== undefined && error.status === 500) {
    problems.push('/error/retryAfterSeconds: only a 429 or a 503 carries Retry-After, not a 500');
  }
  checkRule(value, 'drop', [], problems);
  checkRule(value, 'invalidJson', [], problems);
  const drift = value.drift;
  if (drift !== undefined) {
    if (!isObject(drift)) {
      problems.push('/drift: must be an object');
    } else {
      checkKeys(drift, ['kind', 'count'], '/drift', problems);
      if (!isDriftKind(drift.kind)) {
        problems.push(`/drift/kind: must be one of ${DRIFT_KIND_NAMES.join(', ')}`);
      }
      if (drift.count !== undefined && !isInt(drift.count, 0, 1_000_000)) {
        problems.push('/drift/count: must be an integer from 0 to 1000000');
      }
    }
  }
  return problems;
}
