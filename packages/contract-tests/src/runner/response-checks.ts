import { type Contract, duplicateName, startsWithByteOrderMark, type Violation } from '@assetkit/contract';
import { noContentFailures } from './no-content.js';
import type { CheckName, CheckResult, Failure } from './report-types.js';

/** What the checks look at: one response of one operation. */
export interface CheckedResponse {
  operationId: string;
  method: string;
  status: number;
  headers: Headers;
  text: string;
  /**
   * The body as received. When given, the body is checked from these bytes, so bytes that are
   * not UTF-8 are a finding rather than replacement characters that happen to validate.
   */
  bytes?: Uint8Array;
  /** Statuses a conforming server answers to this request; omit to skip `expected-status`. */
  expected?: readonly number[];
  strict: boolean;
}

function describeActual(value: Violation['actual']): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

/**
 * Turns a contract violation into a report failure, splitting "must be X, got Y" messages into
 * expected and actual so a reader sees both side by side.
 */
export function violationToFailure(v: Violation): Failure {
  const split = /^(.*?), got (.*)$/s.exec(v.message);
  return {
    location: v.location,
    pointer: v.pointer,
    schemaPath: v.schemaPath,
    keyword: v.keyword,
    message: v.message,
    expected: split ? split[1] : undefined,
    actual: describeActual(v.actual) ?? (split ? split[2] : undefined),
  };
}

function checkOf(v: Violation): CheckName {
  if (v.location === 'response.status') {
    return 'status-documented';
  }
  if (v.keyword === 'contentType' || (v.location === 'response.header' && v.pointer === '/content-type')) {
    return 'content-type';
  }
  return v.location === 'response.header' ? 'headers' : 'body-schema';
}

/**
 * Applies the generic response checks through the contract's validator: the expected status,
 * the status is documented, the content type, the documented headers, and the body schema
 * (undocumented properties too when `strict`; a 204 that sends or announces a body fails it too). Returns one result per check, passed or not;
 * when the status is undocumented the other contract checks have nothing to compare against
 * and are left out.
 *
 * @example
 * checkResponse(contract, { operationId: 'get-asset', method: 'GET', status: 200, headers, text, expected: [200], strict: false });
 */
export function checkResponse(contract: Contract, response: CheckedResponse): CheckResult[] {
  const { operationId, status } = response;
  const subject = `${response.method} ${operationId} → ${status}`;
  const base = { operationId, status, subject };
  const results: CheckResult[] = [];
  if (response.expected) {
    const ok = response.expected.includes(status);
    const expected = response.expected.join(' or ');
    results.push({
      ...base,
      check: 'expected-status',
      passed: ok,
      failures: ok
        ? []
        : [
            {
              location: 'response.status',
              pointer: '',
              message: `expected status ${expected}, got ${status}`,
              expected,
              actual: String(status),
            },
          ],
    });
  }
  const { violations } = contract.validateResponse({
    operationId,
    status,
    headers: response.headers,
    rawBody: response.bytes ?? response.text,
    strict: response.strict,
  });
  const undocumented = violations.some((v) => v.location === 'response.status');
  const names: CheckName[] = undocumented
    ? ['status-documented']
    : ['status-documented', 'content-type', 'headers', 'body-schema'];
  for (const check of names) {
    const failures = violations.filter((v) => checkOf(v) === check).map(violationToFailure);
    if (check === 'body-schema' && failures.length === 0) {
      failures.push(...noContentFailures(status, response.headers, response.bytes ?? response.text));
    }
    if (check === 'body-schema' && failures.length === 0) {
      failures.push(...jsonTextFailures(response));
    }
    results.push({ ...base, check, passed: failures.length === 0, failures });
  }
  return results;
}

/**
 * What the schema cannot see in a JSON body that validates: a byte order mark before it (the
 * decoder drops it) and a name twice in one object (the parser keeps one of the two). Clients
 * differ on both: some refuse a BOM or read the first of two names, so they read another document.
 */
function jsonTextFailures(response: CheckedResponse): Failure[] {
  const type = response.headers.get('content-type') ?? '';
  if (!/[/+]json\b/i.test(type) || response.text.trim() === '') {
    return [];
  }
  const failures: Failure[] = [];
  if (response.bytes && startsWithByteOrderMark(response.bytes)) {
    failures.push({
      location: 'response.body',
      pointer: '',
      keyword: 'json',
      message: 'starts with a byte order mark, which JSON sent over a network must not have (RFC 8259 §8.1)',
    });
  }
  const text = response.text.replace(/^\uFEFF/, '');
  let parses = true;
  try {
    JSON.parse(text);
  } catch {
    parses = false; // not the body's JSON (an undocumented one): duplicateName reads only valid JSON
  }
  const duplicate = parses ? duplicateName(text) : undefined;
  if (duplicate !== undefined) {
    failures.push({
      location: 'response.body',
      pointer: duplicate,
      keyword: 'json',
      message: 'is a name the object already has (RFC 8259 §4: clients differ on which of the two they read)',
    });
  }
  return failures;
}
