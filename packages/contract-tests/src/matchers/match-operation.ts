import { getContract, type Violation } from '@assetkit/contract';

/** Options of {@link matchOperation} and `toMatchOperation`. */
export interface MatchOperationOptions {
  /** Also report properties the spec does not document. */
  strict?: boolean;
  /** The API whose contract to use (default `webflow-assets`). */
  api?: string;
}

/** An openapi-fetch result: the body is already parsed into `data` or `error`. */
interface OpenApiFetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** A response as test helpers such as supertest give it, or pieces of a fetch `Response` already read. */
interface PlainResponse {
  status: number;
  headers: Headers | Record<string, string | string[] | undefined>;
  text?: string;
  body?: unknown;
}

/** What {@link matchOperation} accepts. */
export type MatchableResponse = Response | OpenApiFetchResult | PlainResponse;

/** The verdict, with every violation and a message that lists them. */
export interface MatchResult {
  pass: boolean;
  status: number;
  violations: Violation[];
  message: string;
}

function isOpenApiFetchResult(value: object): value is OpenApiFetchResult {
  return 'response' in value && value.response instanceof Response;
}

/**
 * Why `input` is none of the shapes {@link matchOperation} reads, or `undefined`. Without this a
 * fetch not awaited (`expect(fetch(url))`), `null` or `{ status }` alone failed with the
 * platform's "Cannot convert undefined or null to object".
 */
function inputProblem(input: unknown): string | undefined {
  const accepted =
    'a fetch Response, an openapi-fetch result { data, error, response } or { status, headers, text | body }';
  if (typeof input !== 'object' || input === null) {
    return `expected ${accepted}, got ${input === null ? 'null' : typeof input}`;
  }
  if (typeof (input as { then?: unknown }).then === 'function') {
    return `expected ${accepted}, got a Promise: await the fetch before matching its response`;
  }
  const { status, headers } = input as { status?: unknown; headers?: unknown };
  if (typeof status !== 'number' || !Number.isInteger(status)) {
    return `expected ${accepted}, got an object whose status is ${status === undefined ? 'missing' : JSON.stringify(status)}`;
  }
  if (typeof headers !== 'object' || headers === null) {
    return `expected ${accepted}, got an object whose headers are ${headers === undefined ? 'missing' : JSON.stringify(headers)}`;
  }
  return undefined;
}

async function readInput(input: MatchableResponse) {
  if (input instanceof Response) {
    if (input.bodyUsed) {
      throw new TypeError(
        'the Response was read already (its body is gone): match it before reading it, or pass { status: res.status, headers: res.headers, text }',
      );
    }
    // A clone, so the test can still read the body after the matcher did.
    return { status: input.status, headers: input.headers, rawBody: await input.clone().text() };
  }
  if (typeof input === 'object' && input !== null && isOpenApiFetchResult(input)) {
    const { response } = input;
    if (!response.bodyUsed) {
      return { status: response.status, headers: response.headers, rawBody: await response.clone().text() };
    }
    const body = response.ok ? input.data : input.error;
    return { status: response.status, headers: response.headers, ...(body !== undefined && { body }) };
  }
  const problem = inputProblem(input);
  if (problem !== undefined) {
    throw new TypeError(problem);
  }
  // A fetch `Headers` keeps its entries out of Object.entries(): it would read as no headers at all.
  const headers =
    input.headers instanceof Headers
      ? input.headers
      : (Object.fromEntries(Object.entries(input.headers).filter(([, v]) => v !== undefined)) as Record<
          string,
          string | string[]
        >);
  return input.text !== undefined
    ? { status: input.status, headers, rawBody: input.text }
    : { status: input.status, headers, ...(input.body !== undefined && { body: input.body }) };
}

/** Lists violations one per line: location, pointer, message, schema path. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations
    .map((v) => `  - ${v.location} ${v.pointer === '' ? '(whole)' : v.pointer}: ${v.message}  [${v.schemaPath}]`)
    .join('\n');
}

/**
 * Checks a response against one operation of the contract (status documented, content type,
 * headers, body schema; strict optional). Accepts a fetch `Response` (read from a clone), an
 * openapi-fetch result `{ data, error, response }`, or a plain `{ status, headers, text | body }`.
 * The framework-free core of the vitest matcher `toMatchOperation`.
 *
 * @example
 * const result = await matchOperation(await fetch(url), 'get-asset');
 * result.pass || console.error(result.message);
 */
export async function matchOperation(
  input: MatchableResponse,
  operationId: string,
  { strict = false, api = 'webflow-assets' }: MatchOperationOptions = {},
): Promise<MatchResult> {
  const contract = getContract(api as Parameters<typeof getContract>[0]);
  if (!contract.operation(operationId)) {
    const known = contract.operations.map((op) => op.operationId).join(', ');
    throw new TypeError(`${api} has no operation ${JSON.stringify(operationId)} (known: ${known})`);
  }
  const { status, ...rest } = await readInput(input);
  const { violations } = contract.validateResponse({ operationId, status, strict, ...rest });
  const what = `${operationId} response with status ${status}`;
  const message =
    violations.length === 0
      ? `expected the ${what} not to match the contract${strict ? ' (strict)' : ''}, but it does`
      : `expected the ${what} to match the contract${strict ? ' (strict)' : ''}; ${violations.length} violation${violations.length === 1 ? '' : 's'}:\n${formatViolations(violations)}`;
  return { pass: violations.length === 0, status, violations, message };
}
