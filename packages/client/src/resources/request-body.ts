import type { BodyOperationId, OperationId, RequestBodyOf } from '../api-types.js';
import { optionNamesOf } from '../options/call-options.js';
import { given, instanceKind, isOptionsObject } from '../options/given.js';
import { type Elsewhere, optionOf, unknownFlatNames } from '../options/option-names.js';

/**
 * The field names of a request body: `true` for a field, the nested names for a field whose value
 * is an object (an array's items are not looked into).
 */
export type BodyFieldNames<Body> = {
  readonly [Name in keyof Required<Body>]-?: NonNullable<Body[Name]> extends readonly unknown[]
    ? true
    : NonNullable<Body[Name]> extends Record<string, unknown>
      ? BodyFieldNames<NonNullable<Body[Name]>>
      : true;
};

/** A table of {@link BodyFieldNames}, loosely, for walking it. */
type FieldTable = { readonly [name: string]: true | FieldTable };

// `satisfies`: a field added to (or removed from) a request body in the spec, a field that becomes
// an object (its names are then needed too), or an operation that starts or stops taking a body,
// fails check-types until this table says so, so it cannot drift from the generated types.
const BODY_FIELD_NAMES = {
  'create-asset': { fileName: true, fileHash: true, parentFolder: true },
  'patch-asset': { displayName: true, altText: true },
  'create-asset-folder': { displayName: true, parentFolder: true },
} as const satisfies { readonly [Id in BodyOperationId]: BodyFieldNames<RequestBodyOf<Id>> };

function unknownFields(body: object, names: FieldTable, prefix: string, elsewhere: Elsewhere): string[] {
  const unknown = unknownFlatNames(body, Object.keys(names), { what: 'body field', prefix, elsewhere });
  const nested = Object.entries(names).flatMap(([name, inner]) => {
    const value: unknown = (body as Record<string, unknown>)[name];
    return inner !== true && Object.hasOwn(body, name) && isOptionsObject(value)
      ? unknownFields(value, inner, `${prefix}${name}.`, () => undefined)
      : [];
  });
  return [...unknown, ...nested];
}

/**
 * What is wrong with a request body's shape: a body that is no plain object, and each field name the
 * operation does not take (nested ones as `outer.inner`), with the name it most likely meant.
 * Values are left to the server (its 400 says what is wrong with one); a field set to `undefined`
 * is fine (JSON leaves it out), but its name is checked like any other. `call` refuses a body
 * with any of these before sending it: from JavaScript (or through a cast) a misspelt field such
 * as `{ alttext }` went out as given and came back as a 400 that had cost a request of the rate
 * limit, and a `Map` went out as `{}`.
 *
 * @example
 * bodyProblems('patch-asset', { alttext: 'x' }); // ['unknown body field "alttext"; did you mean "altText"?']
 */
export function bodyProblems(
  operationId: BodyOperationId,
  body: unknown,
  names: FieldTable = BODY_FIELD_NAMES[operationId],
): string[] {
  if (!isOptionsObject(body)) {
    return [`the body must be an object { ${Object.keys(names).join(', ')} }, got ${given(body)}`];
  }
  // A Map has no own names to check and went out as {} (an empty update); a Date as a string.
  const kind = instanceKind(body);
  if (kind !== undefined) {
    return [`the body must be a plain object { ${Object.keys(names).join(', ')} }, got ${kind}`];
  }
  return unknownFields(body, names, '', optionOf(optionNamesOf(operationId), operationId, 'after the body'));
}

/**
 * Whether an operation takes a request body (and {@link bodyProblems} can check it).
 *
 * @example
 * takesBody('patch-asset'); // true
 */
export function takesBody(operationId: OperationId): operationId is BodyOperationId {
  return Object.hasOwn(BODY_FIELD_NAMES, operationId);
}
