import { describe, expectTypeOf, it } from 'vitest';
import type {
  BodyOperationId,
  CreateAssetBody,
  CreateFolderBody,
  RequestBodyOf,
  UpdateAssetBody,
} from '../api-types.js';
import type { BodyFieldNames } from './request-body.js';

// Type tests run under vitest's typecheck (tsc); nothing here is executed. They show that the
// table of body field names in request-body.ts cannot drift from the spec without a type error.
describe('the request bodies the client checks', () => {
  it('are those of every operation that takes one', () => {
    expectTypeOf<BodyOperationId>().toEqualTypeOf<'create-asset' | 'patch-asset' | 'create-asset-folder'>();
    expectTypeOf<RequestBodyOf<'create-asset'>>().toEqualTypeOf<CreateAssetBody>();
    expectTypeOf<RequestBodyOf<'patch-asset'>>().toEqualTypeOf<UpdateAssetBody>();
    expectTypeOf<RequestBodyOf<'create-asset-folder'>>().toEqualTypeOf<CreateFolderBody>();
  });

  it('need every field, optional ones included, and no other', () => {
    const names = { displayName: true, altText: true } as const;
    expectTypeOf(names).toExtend<BodyFieldNames<UpdateAssetBody>>();
    // @ts-expect-error altText is missing: a field added to the spec must be added to the table
    const missing: BodyFieldNames<UpdateAssetBody> = { displayName: true };
    // @ts-expect-error alttext is no field of the body
    const extra: BodyFieldNames<UpdateAssetBody> = { displayName: true, altText: true, alttext: true };
    expectTypeOf([missing, extra]).not.toBeNever();
  });

  it('need the names inside a field whose value is an object, not `true`', () => {
    type Nested = { name: string; meta?: { colour: string; tags: string[] } | null };
    expectTypeOf<BodyFieldNames<Nested>>().toEqualTypeOf<{
      readonly name: true;
      readonly meta: { readonly colour: true; readonly tags: true };
    }>();
    // @ts-expect-error meta's value is an object: its field names are needed
    const flat: BodyFieldNames<Nested> = { name: true, meta: true };
    expectTypeOf(flat).not.toBeNever();
  });
});
