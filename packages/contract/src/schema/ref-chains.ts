import { getAtPointer, joinPointer } from '../json-pointer.js';
import { ANNOTATIONS } from './variants.js';

/** A schema that is a `$ref` and nothing else that constrains (annotations aside): it is what it points at. */
function pureRef(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return undefined;
  }
  const { $ref, ...rest } = value as Record<string, unknown>;
  return typeof $ref === 'string' && Object.keys(rest).every((keyword) => ANNOTATIONS.has(keyword)) ? $ref : undefined;
}

/** Every local `$ref` in the document, with the pointer of the place that holds it. */
function localRefs(value: unknown, at: string, found: { at: string; ref: string }[]): void {
  if (value === null || typeof value !== 'object') {
    return;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      localRefs(item, joinPointer(at, index), found);
    }
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string' && child.startsWith('#')) {
      found.push({ at, ref: child });
    } else {
      localRefs(child, joinPointer(at, key), found);
    }
  }
}

/**
 * What is wrong with a document's local `$ref`s that would otherwise surface from ajv as a stack
 * overflow or an internal id: one that points at nothing, and a chain of schemas that are only
 * `$ref`s coming back to where it started (`A → B → A` describes no value, and ajv recurses
 * without end compiling it). Recursion through real structure (a tree whose `children` are trees)
 * is fine and not reported. Each cycle is reported once.
 *
 * @example
 * refProblems({ components: { schemas: { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } } } });
 * // ['#/components/schemas/A → #/components/schemas/B → #/components/schemas/A: a cycle of $refs with no schema in it']
 */
export function refProblems(document: unknown): string[] {
  const refs: { at: string; ref: string }[] = [];
  localRefs(document, '', refs);
  const problems: string[] = [];
  const reported = new Set<string>();
  for (const { at, ref } of refs) {
    const chain: string[] = [];
    let next: string | undefined = ref;
    let holder = `#${at}`;
    while (next !== undefined && !chain.includes(next)) {
      chain.push(next);
      const target = getAtPointer(document, next.slice(1));
      if (target === undefined) {
        if (!reported.has(next)) {
          reported.add(next);
          problems.push(`$ref ${next} (at ${holder}) points at nothing in the document`);
        }
        next = undefined;
      } else {
        holder = next;
        next = pureRef(target);
      }
    }
    if (next !== undefined) {
      const cycle = chain.slice(chain.indexOf(next));
      const key = [...cycle].sort().join(' ');
      if (!reported.has(key)) {
        reported.add(key);
        problems.push(`${[...cycle, next].join(' → ')}: a cycle of $refs with no schema in it`);
      }
    }
  }
  return problems;
}
