import { describe, expect, it } from 'vitest';
import { fixture, JSON_HEADERS } from '../test/helpers.js';
import { getContract } from './contract.js';
import { documents } from './generated/registry.js';
import type { MediaTypeObject } from './openapi-document.js';
import { readOperations } from './operations.js';

const contract = getContract('webflow-assets');

/** A valid value for each path parameter the operation has. */
function pathParamsOf(operationId: string): Record<string, string> {
  const names = contract.operation(operationId)?.path.match(/[a-z_]+(?=\})/g) ?? [];
  return Object.fromEntries(names.map((name) => [name, '580e63e98c9a982ac9b8b741']));
}

interface ExampleCase {
  name: string;
  operationId: string;
  kind: 'request' | 'response';
  status: number;
  value: unknown;
}

function examplesOf(media: MediaTypeObject): [string, unknown][] {
  return Object.entries(media.examples ?? {}).map(([name, ex]) => [name, 'value' in ex ? ex.value : undefined]);
}

function collectExamples(): ExampleCase[] {
  const cases: ExampleCase[] = [];
  for (const op of readOperations(documents['webflow-assets'])) {
    const body = op.object.requestBody as { content?: Record<string, MediaTypeObject> } | undefined;
    for (const [name, value] of examplesOf(body?.content?.['application/json'] ?? {})) {
      cases.push({
        name: `${op.operationId} request ${name}`,
        operationId: op.operationId,
        kind: 'request',
        status: 0,
        value,
      });
    }
    for (const response of op.responses) {
      const media = response.content[0];
      if (!media) {
        continue;
      }
      const object = (documents['webflow-assets'].components?.responses?.[response.pointer.split('/').at(-1) ?? ''] ??
        op.object.responses?.[response.status]) as { content: Record<string, MediaTypeObject> };
      for (const [name, value] of examplesOf(object.content['application/json'] ?? {})) {
        cases.push({
          name: `${op.operationId} ${response.status} ${name}`,
          operationId: op.operationId,
          kind: 'response',
          status: Number(response.status),
          value,
        });
      }
    }
  }
  return cases;
}

describe('the examples in openapi/webflow-assets.yaml', () => {
  const cases = collectExamples();

  it('include every seed example and one per documented response', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8 * 7);
    expect(cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(['get-asset 200 beta-seed', 'patch-asset 200 v2-seed', 'patch-asset 200 beta-seed']),
    );
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s validates against its schema', (_name, c) => {
    const result =
      c.kind === 'request'
        ? contract.validateRequest({
            operationId: c.operationId,
            params: pathParamsOf(c.operationId),
            headers: { 'content-type': 'application/json' },
            body: c.value,
          })
        : contract.validateResponse({
            operationId: c.operationId,
            status: c.status,
            headers: { ...JSON_HEADERS, 'retry-after': '60' },
            body: c.value,
          });
    expect(result.violations).toEqual([]);
  });
});

describe('the seed fixtures', () => {
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
