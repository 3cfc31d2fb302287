import { type Contract, isJsonMediaType, type OperationSpec, type ParameterSpec } from '@assetkit/contract';
import fc from 'fast-check';
import { encodeWire, type FuzzRequest } from './fuzz-request.js';
import { type ValueHints, validValue } from './schema.js';

/** How the fuzzer is pointed at a target. */
export interface FuzzerOptions {
  /** Values the target knows, by parameter or body property name. */
  hints?: ValueHints;
  /** The value of every `x-assetkit-tenant` parameter (the site the credentials may act on). */
  tenant?: string;
  /** The target's request body limit: bodies just over it are generated as invalid. */
  bodyLimitBytes: number;
  /** Scopes of the limited credential, for "insufficient scope" mutations (none when absent). */
  limitedScopes?: readonly string[];
}

/** A valid request still in pieces, so mutations can change one piece and keep the rest valid. */
export interface RequestParts {
  operation: OperationSpec;
  basePath: string;
  /** Path parameter values, already percent-encoded. */
  path: Record<string, string>;
  /** Query pairs, already percent-encoded. */
  query: Array<[string, string]>;
  headers: Array<[string, string]>;
  body: { mediaType: string; value: unknown } | undefined;
}

/** A primitive or array parameter value as query pairs (form style, exploded). */
export function queryPairs(name: string, value: unknown): Array<[string, string]> {
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => [encodeWire(name), encodeWire(String(v))]);
}

/** The JSON media type of the operation's request body, if it has one the fuzzer can build. */
export function jsonBody(operation: OperationSpec) {
  return operation.requestBody?.content.find((m) => isJsonMediaType(m.mediaType));
}

/** Whether the fuzzer can build valid requests for the operation (a required body must be JSON). */
export function fuzzable(operation: OperationSpec): boolean {
  return !operation.requestBody?.required || jsonBody(operation) !== undefined;
}

function parameterValue(contract: Contract, p: ParameterSpec, options: FuzzerOptions): fc.Arbitrary<unknown> {
  if (options.tenant !== undefined && p.object['x-assetkit-tenant'] !== undefined) {
    return fc.constant(options.tenant);
  }
  return validValue(contract.document, p.schema, options.hints ?? {}, p.name);
}

/**
 * Valid requests for one operation: every path parameter, the required query and header
 * parameters and some optional ones, and a body when the operation takes one, all drawn from
 * the spec's schemas.
 *
 * @example
 * fc.sample(validParts(contract, contract.operation('list-assets'), { bodyLimitBytes: 1e6 }), 1);
 */
export function validParts(
  contract: Contract,
  operation: OperationSpec,
  options: FuzzerOptions,
): fc.Arbitrary<RequestParts> {
  const of = (place: ParameterSpec['in']) => operation.parameters.filter((p) => p.in === place);
  const path = fc.record(
    Object.fromEntries(of('path').map((p) => [p.name, parameterValue(contract, p, options)])),
  ) as fc.Arbitrary<Record<string, unknown>>;
  const query = fc.tuple(
    ...of('query').map((p) => {
      const value = parameterValue(contract, p, options).map((v) => queryPairs(p.name, v));
      return p.required ? value : fc.option(value, { nil: [] as Array<[string, string]> });
    }),
  );
  const headers = fc.tuple(
    ...of('header').map((p) => {
      const value = parameterValue(contract, p, options).map((v): Array<[string, string]> => [[p.name, String(v)]]);
      return p.required ? value : fc.option(value, { nil: [] as Array<[string, string]> });
    }),
  );
  const media = jsonBody(operation);
  type Body = RequestParts['body'];
  const bodyValue: fc.Arbitrary<Body> = media
    ? validValue(contract.document, media.schema, options.hints ?? {}).map(
        (value): Body => ({
          mediaType: media.mediaType,
          value,
        }),
      )
    : fc.constant(undefined);
  const body = operation.requestBody?.required ? bodyValue : fc.option(bodyValue, { nil: undefined });
  return fc
    .record({
      basePath: fc.constantFrom(...contract.router.basePaths),
      path,
      query,
      headers,
      body,
      charset: fc.boolean(),
    })
    .map(({ basePath, path: values, query: q, headers: h, body: b, charset }) => ({
      operation,
      basePath,
      path: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeWire(String(v))])),
      query: q.flat(),
      headers: [
        ...h.flat(),
        ...(b ? [['content-type', `${b.mediaType}${charset ? '; charset=utf-8' : ''}`]] : []),
      ] as Array<[string, string]>,
      body: b,
    }));
}

/** The path of the parts, parameters substituted. */
export function pathOf(parts: RequestParts, values = parts.path): string {
  return `${parts.basePath}${parts.operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => values[name] ?? '')}`;
}

/** Turns parts into the request sent, with the credential and overrides a mutation chose. */
export function render(parts: RequestParts, change: Partial<FuzzRequest> = {}): FuzzRequest {
  return {
    kind: 'valid',
    operationId: parts.operation.operationId,
    mutation: 'none',
    method: parts.operation.method.toUpperCase(),
    path: pathOf(parts),
    query: parts.query.map(([k, v]) => `${k}=${v}`).join('&'),
    headers: parts.headers,
    credential: 'valid',
    ...(parts.body ? { body: Buffer.from(JSON.stringify(parts.body.value), 'utf8') } : {}),
    ...change,
  };
}
