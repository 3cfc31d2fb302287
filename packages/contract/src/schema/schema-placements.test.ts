import { describe, expect, it } from 'vitest';
import { placementsOf } from './schema-placements.js';
import { AT_KEYWORD } from './variants.js';

const at = (pointer: string, schema: Record<string, unknown>) => ({ [AT_KEYWORD]: pointer, ...schema });

describe('placementsOf', () => {
  const item = at('#/Item', { type: 'object', properties: { id: at('#/Item/properties/id', { type: 'string' }) } });
  const schemas: Record<string, unknown> = { '#/Item': item };
  const resolve = (ref: string) => schemas[ref];

  it('places a schema by how far below the instance it applies, through $ref and every member keyword', () => {
    const list = at('#/List', {
      type: 'array',
      items: { $ref: '#/Item' },
      prefixItems: [at('#/List/prefixItems/0', {})],
      allOf: [at('#/List/allOf/0', { properties: { x: at('#/List/allOf/0/properties/x', {}) } })],
    });
    expect(Object.fromEntries([...placementsOf(list, resolve)].map(([p, d]) => [p, [...d]]))).toEqual({
      '#/List': [0],
      '#/List/allOf/0': [0],
      '#/List/allOf/0/properties/x': [1],
      '#/List/prefixItems/0': [1],
      '#/Item': [1],
      '#/Item/properties/id': [2],
    });
  });

  it('follows a recursive schema to a bounded depth', () => {
    const tree: Record<string, unknown> = at('#/Tree', { type: 'object' });
    tree.properties = { children: at('#/Tree/properties/children', { items: { $ref: '#/Tree' } }) };
    schemas['#/Tree'] = tree;
    const depths = placementsOf(tree, resolve).get('#/Tree');
    expect(depths?.has(0)).toBe(true);
    expect(depths?.has(2)).toBe(true);
    expect(depths?.has(1)).toBe(false);
    expect(Math.max(...(depths ?? []))).toBeLessThanOrEqual(32);
  });
});
