import { describe, expect, it } from 'vitest';
import { fixture, JSON_HEADERS } from '../../test/helpers.js';
import { createContract } from '../contract.js';
import { type ApiName, documents, validators } from '../generated/registry.js';
import { readOperations } from '../operations.js';
import { compileOperation } from '../validation/compile-operation.js';
import { SchemaCompiler } from './schema-compiler.js';

const apis = Object.keys(documents) as ApiName[];

/** Payloads that break a response in many ways: every top-level property removed or retyped. */
function mutations(value: unknown): unknown[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [value, 'not an object', 42, null, []];
  }
  const out: unknown[] = [value];
  for (const key of Object.keys(value)) {
    const { [key]: _dropped, ...rest } = value as Record<string, unknown>;
    out.push(rest, { ...value, [key]: 12345 }, { ...value, [key]: 'x'.repeat(300) }, { ...value, [key]: null });
  }
  out.push({ ...value, undocumented: true });
  return out;
}

describe('the ahead-of-time validators', () => {
  it.each(apis)('cover every validator %s needs: nothing is compiled at run time, strict mode included', (api) => {
    const compiler = new SchemaCompiler(api, documents[api], { precompiled: validators[api] });
    for (const operation of readOperations(documents[api])) {
      for (const response of compileOperation(operation, compiler).responses.values()) {
        response.strictMedia();
      }
    }
    expect(compiler.compiledAtRunTime).toBe(0);
  });

  it.each(apis)('give the same verdicts and violations as validators compiled at run time (%s)', (api) => {
    const ahead = createContract({ name: api, document: documents[api], precompiled: validators[api] });
    const now = createContract({ name: api, document: documents[api] });
    const bodies = [fixture('seed-001-v2-patch-asset-200.json'), fixture('seed-002-konifer-put-response-200.json'), {}];
    let compared = 0;
    for (const operation of ahead.operations) {
      for (const response of operation.responses) {
        for (const body of bodies.flatMap(mutations)) {
          for (const strict of [false, true]) {
            const input = {
              operationId: operation.operationId,
              status: Number(response.status) || 200,
              headers: JSON_HEADERS,
              body,
              strict,
            };
            expect(ahead.validateResponse(input)).toEqual(now.validateResponse(input));
            compared++;
          }
        }
      }
      for (const body of [
        ...mutations(fixture('seed-002-konifer-put-request.json')),
        { fileName: 'a.png', fileHash: 'zz' },
      ]) {
        const input = {
          operationId: operation.operationId,
          params: {},
          query: 'limit=0&offset=-1&x=1',
          headers: { 'content-type': 'application/json' },
          body,
        };
        expect(ahead.validateRequest(input).violations).toEqual(now.validateRequest(input).violations);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
