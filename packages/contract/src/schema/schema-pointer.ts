import { AT_KEYWORD } from './variants.js';

/**
 * Where a compiled schema sits in the spec, as it says itself (`x-assetkit-at`, put there when
 * the schema was copied for compiling). ajv hands these copies back as the `parentSchema` of its
 * errors — serialised copies in ahead-of-time code, so identity could not be relied on.
 *
 * @example
 * schemaPointer(error.parentSchema); // '#/components/schemas/AssetVariant/properties/height'
 */
export function schemaPointer(schema: unknown): string | undefined {
  if (schema === null || typeof schema !== 'object') {
    return undefined;
  }
  const at = (schema as Record<string, unknown>)[AT_KEYWORD];
  return typeof at === 'string' ? at : undefined;
}
