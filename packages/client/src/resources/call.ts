import type { OperationId } from '../api-types.js';
import { apiErrorFromResponse } from '../errors/assets-api-error.js';
import { AssetsError } from '../errors/assets-error.js';
import { bodyViolation, jsonExcerpt, jsonKind } from '../errors/body-problems.js';
import { AssetsResponseValidationError } from '../errors/response-validation-error.js';
import { checkCallOptions } from '../options/call-options.js';
import { type FetchLike, responseMeta, type Transport } from '../transport/transport.js';
import { bodyProblems, takesBody } from './request-body.js';

/**
 * Options every resource method takes as its last argument.
 *
 * @example
 * await client.assets.get(assetId, { signal: AbortSignal.timeout(2_000), timeoutMs: 500 });
 */
export interface CallOptions {
  /** Cancels the call, including retries and waits; it rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /**
   * Timeout of each attempt of this call, in ms (overrides the client's `timeoutMs`; 0 = none), up
   * to 2 147 483 647 like the client's. Any other value rejects the call before anything is sent.
   */
  timeoutMs?: number | undefined;
}

/** The operations whose success has no body (204); every other one answers with JSON. */
const ANSWERS_WITHOUT_BODY: ReadonlySet<OperationId> = new Set(['delete-asset']);

/** The error for a success body that is not the JSON the operation answers with. */
function bodyError(
  operationId: OperationId,
  status: number,
  message: string,
  { pointer = '', keyword = 'json', body }: { pointer?: string; keyword?: string; body?: unknown } = {},
): AssetsResponseValidationError {
  return new AssetsResponseValidationError({
    operationId,
    status,
    violations: [bodyViolation(pointer, message, keyword)],
    body,
  });
}

/** What an openapi-fetch call resolves with, loosely. */
interface RawResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Runs one openapi-fetch call for a resource method and turns its `{ data, error, response }`
 * into the data or a thrown error: non-2xx → `AssetsApiError` (with the operationId and the
 * attempts the transport needed), a success body that is not JSON, or is empty or `null` where the
 * operation answers with a JSON object → `AssetsResponseValidationError`, and so is an object
 * whose `id` is not `askedId` (the asset or folder asked for by id). The operation's one path id
 * (`pathId`, by its name: `{ assetId }`), `options`, and the `body` of an operation that takes one,
 * are checked first (`pathIdProblem`, `checkCallOptions`, `bodyProblems`), before anything is
 * sent: a name the method or its body does not take, or options or a body that are no plain object,
 * reject with one `TypeError` listing them all, a bad `timeoutMs` with a `RangeError`, and a bad
 * id alone with an `AssetsError`; with the options or body wrong too, the id's problem comes first
 * in their error, with the `AssetsError` as its `cause`. `run` gets the rest of the options as its
 * query and the id, and sends `body` as given.
 *
 * @example
 * return call(transport, 'get-asset', { assetId }, options, (init, query: LocaleQuery, id) => raw.GET('/assets/{asset_id}', { params: { path: { asset_id: id }, query }, ...init }), { askedId: assetId });
 */
export async function call<T, Q extends object>(
  transport: Transport,
  operationId: OperationId,
  pathId: Readonly<Record<string, unknown>>,
  options: (Q & CallOptions) | undefined,
  run: (init: { signal: AbortSignal | undefined; fetch: FetchLike }, query: Q, id: string) => Promise<RawResult<T>>,
  { askedId, body }: { askedId?: string; body?: unknown } = {},
): Promise<T> {
  const problems = takesBody(operationId) ? bodyProblems(operationId, body) : [];
  const { signal, timeoutMs, ...query } = checkCallOptions(
    operationId,
    options,
    undefined,
    problems,
    pathIdArgument(operationId, pathId),
  );
  const checkedId = String(Object.values(pathId)[0]);
  let last: Response | undefined;
  const fetch: FetchLike = async (request) => {
    last = await transport.send(request, { timeoutMs });
    return last;
  };
  let result: RawResult<T>;
  try {
    result = await run({ signal, fetch }, query as Q, checkedId);
  } catch (error) {
    // openapi-fetch parses success bodies with JSON.parse; a SyntaxError is a body that is not JSON.
    if (error instanceof SyntaxError) {
      throw bodyError(operationId, last?.status ?? 0, `the body is not valid JSON (${error.message})`);
    }
    throw error;
  }
  const { response } = result;
  if (!response.ok) {
    const attempts = responseMeta(response)?.attempts ?? 1;
    throw apiErrorFromResponse(response, result.error, { operationId, attempts });
  }
  if (ANSWERS_WITHOUT_BODY.has(operationId)) {
    return result.data as T;
  }
  // openapi-fetch gives `data: undefined` for an empty body (content-length: 0), not a SyntaxError.
  if (result.data === undefined) {
    throw bodyError(operationId, response.status, `the body is empty; ${operationId} answers with JSON`);
  }
  // Every operation with a body answers with a JSON object. `null`, `42`, `"x"`, `true` or `[]` is
  // valid JSON that no schema lets through, but without validateResponses nothing else would
  // look, and an Asset typed call would resolve it.
  const data: unknown = result.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    const kind = data === null || Array.isArray(data) ? jsonKind(data) : `${jsonKind(data)} (${jsonExcerpt(data)})`;
    throw bodyError(operationId, response.status, `the body is ${kind}, an object was expected`);
  }
  // Without validateResponses any object is returned unchecked; another asset than the one asked
  // for (a server or a cache in front of it mixing up ids) would be handed over as the one asked for.
  // Ids are hex in either case (the spec's ObjectId); servers answer them in lower case.
  const id = (data as { id?: unknown }).id;
  if (askedId !== undefined && (typeof id !== 'string' || id.toLowerCase() !== askedId.toLowerCase())) {
    const got = id === undefined ? 'nothing' : jsonExcerpt(id);
    throw bodyError(operationId, response.status, `must be the id asked for (${JSON.stringify(askedId)}), got ${got}`, {
      pointer: '/id',
      keyword: 'const',
      body: data,
    });
  }
  return result.data as T;
}

/**
 * What is wrong with the path ids of `operationId` (by name: `{ siteId }`), for `checkCallOptions`:
 * the problems, and the `AssetsError` they make on their own (`create-asset needs siteId, …`).
 * `assets.iterate` and `assets.upload` check the id of the operation they go through with it, before
 * their options, so a bad id is reported with bad options, and before a page is asked for or a
 * byte of the file is read.
 *
 * @example
 * checkCallOptions('assets.iterate', options, undefined, [], pathIdArgument('list-assets', { siteId }));
 */
export function pathIdArgument(
  operationId: OperationId,
  pathId: Readonly<Record<string, unknown>>,
): { problems: string[]; error: () => AssetsError } {
  const problems = Object.entries(pathId).flatMap(([name, value]) => pathIdProblem(name, value) ?? []);
  return { problems, error: () => new AssetsError(`${operationId} ${problems.join('; ')}`) };
}

/**
 * What is wrong with a path id, worded to follow the operation (`needs assetId, …`), or
 * `undefined`: without this check `undefined` went out as the template itself
 * (`/sites/%7Bsite_id%7D/assets`) and `''` as a route that does not exist, and an id with a space
 * or a line break in it (pasted, or read from a CRLF file with its `\r`) percent-encoded, as a 400
 * for each call: no API id has one. Its form is otherwise the server's business. `call` refuses
 * such an id before anything is sent: an `AssetsError` on its own, listed first in the options'
 * error when they are wrong too.
 *
 * @example
 * pathIdProblem('assetId', ''); // 'needs assetId, a non-empty id string; got ""'
 */
export function pathIdProblem(name: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    const got = typeof value === 'string' ? JSON.stringify(value) : String(value);
    return `needs ${name}, a non-empty id string; got ${got}`;
  }
  if (/[\s\p{Cc}]/u.test(value)) {
    return `needs ${name} without spaces or line breaks; got ${JSON.stringify(value)}`;
  }
  return undefined;
}
