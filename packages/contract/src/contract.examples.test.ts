import { describe, expect, it } from 'vitest';
import { fixture, JSON_HEADERS } from '../test/helpers.js';
import { apiNames, getContract } from './contract.js';
import type { ApiName } from './generated/registry.js';
import { getAtPointer } from './json-pointer.js';
import type { JsonSchema, MediaTypeObject, OpenApiDocument } from './openapi-document.js';
import type { OperationSpec } from './operations.js';

interface ExampleCase {
  name: string;
  operationId: string;
  kind: 'request' | 'response';
  status: number;
  mediaType: string;
  value: unknown;
}

/** Follows a local `$ref` (examples and media types may be references). */
function resolve<T>(document: OpenApiDocument, value: unknown): T {
  let current = value;
  for (let hops = 0; hops < 10 && typeof (current as { $ref?: unknown })?.$ref === 'string'; hops++) {
    current = getAtPointer(document, (current as { $ref: string }).$ref.slice(1));
  }
  return current as T;
}

function examplesOf(document: OpenApiDocument, media: MediaTypeObject): [string, unknown][] {
  return Object.entries(media.examples ?? {}).map(([name, ex]) => [
    name,
    resolve<{ value?: unknown }>(document, ex).value,
  ]);
}

/** Each path parameter's own `example`: every spec documents one, so the cases need no per-API data. */
function pathParamsOf(operation: OperationSpec): Record<string, string> {
  return Object.fromEntries(
    operation.parameters.filter((p) => p.in === 'path').map((p) => [p.name, String(p.object.example)]),
  );
}

/** A plausible value for a documented response header, from its schema. */
function headerSample(schema: JsonSchema): string {
  const s = typeof schema === 'object' ? schema : {};
  return s.type === 'integer' ? '60' : s.format === 'uri' ? 'https://assetkit.test/x' : 'x';
}

function collectExamples(api: ApiName): ExampleCase[] {
  const contract = getContract(api);
  const { document } = contract;
  const cases: ExampleCase[] = [];
  for (const op of contract.operations) {
    const body = resolve<{ content?: Record<string, MediaTypeObject> } | undefined>(document, op.object.requestBody);
    for (const [mediaType, media] of Object.entries(body?.content ?? {})) {
      for (const [name, value] of examplesOf(document, media)) {
        const c = { operationId: op.operationId, kind: 'request' as const, status: 0, mediaType, value };
        cases.push({ name: `${op.operationId} request ${name}`, ...c });
      }
    }
    for (const response of op.responses) {
      const object = resolve<{ content?: Record<string, MediaTypeObject> }>(
        document,
        op.object.responses?.[response.status],
      );
      for (const [mediaType, media] of Object.entries(object.content ?? {})) {
        for (const [name, value] of examplesOf(document, media)) {
          const status = Number(response.status);
          cases.push({
            name: `${op.operationId} ${response.status} ${name}`,
            operationId: op.operationId,
            kind: 'response',
            status,
            mediaType,
            value,
          });
        }
      }
    }
  }
  return cases;
}

function check(api: ApiName, c: ExampleCase) {
  const contract = getContract(api);
  const operation = contract.operation(c.operationId) as OperationSpec;
  if (c.kind === 'request') {
    return contract.validateRequest({
      operationId: c.operationId,
      params: pathParamsOf(operation),
      headers: { 'content-type': c.mediaType },
      body: c.value,
    });
  }
  const documented = operation.responses.find((r) => r.status === String(c.status));
  const headers = Object.fromEntries((documented?.headers ?? []).map((h) => [h.name, headerSample(h.schema)]));
  return contract.validateResponse({
    operationId: c.operationId,
    status: c.status,
    headers: { ...headers, 'content-type': c.mediaType },
    body: c.value,
    strict: true,
  });
}

describe.each(apiNames())('the examples in openapi/%s.yaml', (api) => {
  const cases = collectExamples(api);

  it('include the seed examples', () => {
    const seeds: Record<ApiName, string[]> = {
      'webflow-assets': ['get-asset 200 beta-seed', 'patch-asset 200 v2-seed', 'patch-asset 200 beta-seed'],
      'konifer-assets': ['update-asset request seed', 'update-asset 200 seed'],
    };
    expect(cases.map((c) => c.name)).toEqual(expect.arrayContaining(seeds[api]));
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s validates against its schema, also strictly', (_name, c) => {
    expect(check(api, c).violations).toEqual([]);
  });
});

describe('the Webflow examples', () => {
  it('cover one per documented response', () => {
    expect(collectExamples('webflow-assets').length).toBeGreaterThanOrEqual(8 * 7);
  });
});

describe('the Webflow seed fixtures', () => {
  const contract = getContract('webflow-assets');

  it.each([
    ['seed-000-beta-patch-asset-200.json', 'patch-asset'],
    ['seed-001-v2-patch-asset-200.json', 'patch-asset'],
    ['seed-004-beta-get-asset-200.json', 'get-asset'],
  ])('%s is a valid %s 200 response, also in strict mode', (file, operationId) => {
    for (const strict of [false, true]) {
      const result = contract.validateResponse({
        operationId,
        status: 200,
        headers: JSON_HEADERS,
        body: fixture(file),
        strict,
      });
      expect(result).toEqual({ valid: true, violations: [] });
    }
  });

  it('accepts the beta update request from the seed page (an empty body)', () => {
    const result = contract.validateRequest({
      method: 'PATCH',
      path: '/beta/assets/580e63fc8c9a982ac9b8b745',
      query: 'localeId=65427cf400e02b306eaa04a0',
      headers: { 'content-type': 'application/json' },
      rawBody: '{}',
    });
    expect(result.violations).toEqual([]);
  });
});

describe('the Konifer seed fixtures (seed 002, "Updating Assets")', () => {
  const contract = getContract('konifer-assets');

  it('accepts the request example as a PUT to the seed URL', () => {
    const result = contract.validateRequest({
      method: 'PUT',
      path: '/assets/users/123/-/entry/0',
      headers: { 'content-type': 'application/json' },
      rawBody: JSON.stringify(fixture('seed-002-konifer-put-request.json')),
    });
    expect(result).toMatchObject({ valid: true, violations: [], pathParams: { path: 'users/123', entryId: 0 } });
    expect(result.operation?.operationId).toBe('update-asset');
  });

  it('validates the response example as update-asset 200 and as metadata, also in strict mode', () => {
    const body = fixture('seed-002-konifer-put-response-200.json');
    for (const operationId of ['update-asset', 'get-entry-metadata', 'get-metadata']) {
      for (const strict of [false, true]) {
        const result = contract.validateResponse({
          operationId,
          status: 200,
          headers: { 'content-type': 'application/json' },
          body,
          strict,
        });
        expect(result).toEqual({ valid: true, violations: [] });
      }
    }
  });

  it('rejects the response example when no variant, or two, are the original', () => {
    const body = fixture<{ variants: { isOriginalVariant: boolean }[] }>('seed-002-konifer-put-response-200.json');
    for (const flag of [false, true]) {
      const variants = body.variants.map((v) => ({ ...v, isOriginalVariant: flag }));
      const result = contract.validateResponse({
        operationId: 'update-asset',
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: { ...body, variants },
      });
      expect(result.violations).toMatchObject([{ pointer: '/variants', keyword: 'contains' }]);
    }
  });
});
