import { describe, expect, it } from 'vitest';
import { createContract } from '../contract.js';
import type { OpenApiDocument } from '../openapi-document.js';
import { refProblems } from './ref-chains.js';

/** A spec whose one operation takes `?a=` and answers a body, both of schema `#/components/schemas/A`. */
function specWith(schemas: Record<string, unknown>): OpenApiDocument {
  const ref = { $ref: '#/components/schemas/A' };
  return {
    openapi: '3.1.0',
    info: { title: 'refs', version: '1' },
    paths: {
      '/things': {
        get: {
          operationId: 'list-things',
          parameters: [{ name: 'a', in: 'query', schema: ref }],
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: ref } } } },
        },
      },
    },
    components: { schemas: schemas },
  } as unknown as OpenApiDocument;
}

describe('a spec whose $refs lead nowhere', () => {
  // Found in review: ajv recursed until the stack overflowed (a RangeError naming no schema).
  it('refuses a cycle of schemas that are only $refs, naming the cycle', () => {
    const document = specWith({
      A: { $ref: '#/components/schemas/B', description: 'an alias' },
      B: { $ref: '#/components/schemas/A' },
    });
    expect(() => createContract({ name: 'refs', document })).toThrow(
      'refs: #/components/schemas/A → #/components/schemas/B → #/components/schemas/A: a cycle of $refs with no schema in it',
    );
  });

  it('refuses a $ref to nothing, naming where it stands', () => {
    expect(() =>
      createContract({ name: 'refs', document: specWith({ A: { $ref: '#/components/schemas/Nope' } }) }),
    ).toThrow('refs: $ref #/components/schemas/Nope (at #/components/schemas/A) points at nothing in the document');
  });

  it('reports each cycle once, however many places lead into it', () => {
    const document = specWith({
      A: { $ref: '#/components/schemas/B' },
      B: { $ref: '#/components/schemas/A' },
      C: { type: 'array', items: { $ref: '#/components/schemas/B' } },
    });
    expect(refProblems(document)).toHaveLength(1);
  });

  it('takes recursion through structure (a tree) and chains of aliases', () => {
    const document = specWith({
      A: { $ref: '#/components/schemas/Tree' },
      Tree: {
        type: 'object',
        properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } } },
      },
      Self: { $ref: '#/components/schemas/Self', type: 'object' },
    });
    expect(refProblems(document)).toEqual([]);
    expect(() => createContract({ name: 'refs', document })).not.toThrow();
  });
});
