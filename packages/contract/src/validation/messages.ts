import type { ErrorObject } from 'ajv';
import { FORMAT_DESCRIPTIONS } from '../schema/formats.js';
import { FORBIDDEN_KEYWORD } from '../schema/variants.js';
import { closestName } from './closest-name.js';
import { shorten } from './violation.js';

const MAX_SHOWN = 60;

/** A short, safe rendering of a value for a message: strings quoted and truncated. */
export function describeValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (value === undefined) {
    return 'nothing';
  }
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    return `string ${JSON.stringify(shown)}`;
  }
  if (Array.isArray(value)) {
    return `an array of ${value.length}`;
  }
  if (typeof value === 'object') {
    return 'an object';
  }
  return `${typeof value} ${String(value)}`;
}

function orList(items: readonly unknown[]): string {
  const words = items.map(String);
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

function documentedProperties(parentSchema: unknown): string[] {
  const props = (parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

function unknownProperty(name: string, parentSchema: unknown, what: string): string {
  const known = documentedProperties(parentSchema);
  const hint = closestName(name, known);
  const allowed = known.length > 0 && known.length <= 12 ? ` (documented: ${known.join(', ')})` : '';
  return `${what} ${JSON.stringify(shorten(name, 60))}${hint ? `; did you mean ${JSON.stringify(hint)}?` : allowed}`;
}

type Params = Record<string, unknown>;

/**
 * A plain-English message for one ajv error, naming what was expected and what arrived. The
 * location and pointer are reported beside it, so the message does not repeat them.
 *
 * @example
 * messageFor({ keyword: 'type', params: { type: ['integer', 'null'] }, data: '500', … });
 * // 'must be integer or null, got string "500"'
 */
export function messageFor(error: ErrorObject): string {
  const p = error.params as Params;
  const got = `got ${describeValue(error.data)}`;
  switch (error.keyword) {
    case 'type':
      return `must be ${orList(Array.isArray(p.type) ? p.type : [p.type])}, ${got}`;
    case 'required':
      return `required property ${JSON.stringify(p.missingProperty)} is missing`;
    case 'additionalProperties':
      return unknownProperty(String(p.additionalProperty), error.parentSchema, 'unknown property');
    case 'unevaluatedProperties':
      return unknownProperty(String(p.unevaluatedProperty), error.parentSchema, 'undocumented property');
    case 'format':
      return `must be ${FORMAT_DESCRIPTIONS[String(p.format)] ?? `a valid ${String(p.format)}`}, ${got}`;
    case 'pattern':
      return `must match the pattern ${String(p.pattern)}, ${got}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(p.comparison)} ${String(p.limit)}, ${got}`;
    // Counted as ajv counts them, in code points: an emoji is one character, not two.
    case 'minLength':
      return `must be at least ${String(p.limit)} character(s) long, got ${String([...(error.data as string)].length)}`;
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters long, got ${String([...(error.data as string)].length)}`;
    case 'minItems':
    case 'maxItems':
      return `must have ${error.keyword === 'minItems' ? 'at least' : 'at most'} ${String(p.limit)} item(s), got ${String((error.data as unknown[]).length)}`;
    case 'minProperties':
    case 'maxProperties':
      return `must have ${error.keyword === 'minProperties' ? 'at least' : 'at most'} ${String(p.limit)} propert(ies)`;
    case 'enum':
      return `must be one of ${orList((p.allowedValues as unknown[]).slice(0, 12).map((v) => JSON.stringify(v)))}, ${got}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}, ${got}`;
    case 'multipleOf':
      return `must be a multiple of ${String(p.multipleOf)}, ${got}`;
    case 'contains': {
      const min = Number(p.minContains ?? 1);
      const max = p.maxContains === undefined ? undefined : Number(p.maxContains);
      const count = min === max ? `exactly ${min}` : max === undefined ? `at least ${min}` : `${min} to ${max}`;
      return `must contain ${count} item(s) matching the contains schema`;
    }
    case 'uniqueItems':
      return `must not contain duplicates (items ${String(p.j)} and ${String(p.i)} are equal)`;
    case 'oneOf':
      return Array.isArray(p.passingSchemas)
        ? `matches more than one alternative (${p.passingSchemas.join(', ')}); it must match exactly one`
        : 'matches none of the alternatives';
    case 'anyOf':
      return 'matches none of the alternatives';
    case 'not': {
      const flag = (error.parentSchema as Record<string, unknown> | undefined)?.[FORBIDDEN_KEYWORD];
      if (flag === 'readOnly') {
        return 'is read-only and must not be sent';
      }
      if (flag === 'writeOnly') {
        return 'is write-only and must not be returned';
      }
      const excluded = (error.parentSchema as { not?: { enum?: unknown[]; const?: unknown } } | undefined)?.not;
      if (Array.isArray(excluded?.enum)) {
        return `must not be one of ${orList(excluded.enum.slice(0, 20).map((v) => JSON.stringify(v)))}, ${got}`;
      }
      if (excluded && 'const' in excluded) {
        return `must not be ${JSON.stringify(excluded.const)}, ${got}`;
      }
      return 'must not match the excluded schema';
    }
    case 'false schema':
      return 'is not allowed here';
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}
