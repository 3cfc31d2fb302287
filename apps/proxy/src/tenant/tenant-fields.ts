import { type Contract, getAtPointer, type JsonSchema, OBJECT_ID, type OperationSpec } from '@assetkit/contract';

/** The vendor extension that marks what names a tenant (a site, for Webflow). */
export const TENANT_EXTENSION = 'x-assetkit-tenant';

type SchemaObject = { [k: string]: unknown };

/**
 * A tenant id as compared: an ObjectId in lower case (its hex digits name the same site in either
 * case, upstream and in the sandbox alike), anything else as written.
 *
 * @example
 * tenantId('65F0A1B2C3D4E5F6A7B8C9D0'); // '65f0a1b2c3d4e5f6a7b8c9d0'
 */
export function tenantId(value: string): string {
  return OBJECT_ID.test(value) ? value.toLowerCase() : value;
}

function resolve(contract: Contract, schema: JsonSchema | undefined, depth = 0): SchemaObject | undefined {
  if (schema === undefined || typeof schema === 'boolean' || depth > 10) {
    return undefined;
  }
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    return resolve(contract, getAtPointer(contract.document, ref.slice(1)) as JsonSchema, depth + 1);
  }
  return schema;
}

/** The top-level property of a response schema marked as the tenant (through `$ref` and `allOf`). */
function tenantPropertyOf(contract: Contract, schema: JsonSchema | undefined, depth = 0): string | undefined {
  const resolved = resolve(contract, schema);
  if (!resolved || depth > 10) {
    return undefined;
  }
  for (const [name, prop] of Object.entries((resolved.properties as Record<string, JsonSchema>) ?? {})) {
    const flagged = typeof prop === 'object' && prop[TENANT_EXTENSION] !== undefined;
    if (flagged || resolve(contract, prop)?.[TENANT_EXTENSION] !== undefined) {
      return name;
    }
  }
  for (const branch of (resolved.allOf as JsonSchema[]) ?? []) {
    const found = tenantPropertyOf(contract, branch, depth + 1);
    if (found) {
      return found;
    }
  }
  return undefined;
}

/** Where an operation's tenant can be read: a path parameter, or a property of its 2xx body. */
export interface TenantFields {
  /** Path parameters naming the tenant (checked before forwarding). */
  params: string[];
  /** The property of the successful response body naming the tenant. */
  responseProperty: string | undefined;
}

/**
 * Reads, from the spec's `x-assetkit-tenant` markers, where each operation names its tenant —
 * no operation is special-cased in code.
 *
 * @example
 * tenantFields(contract).get('list-assets'); // { params: ['site_id'], responseProperty: undefined }
 * tenantFields(contract).get('get-asset');   // { params: [], responseProperty: 'siteId' }
 */
export function tenantFields(contract: Contract): Map<string, TenantFields> {
  const fields = new Map<string, TenantFields>();
  for (const op of contract.operations) {
    const params = op.parameters
      .filter((p) => p.in === 'path' && p.object[TENANT_EXTENSION] !== undefined)
      .map((p) => p.name);
    const success = op.responses.find((r) => r.status.startsWith('2') && r.content.length > 0);
    fields.set(op.operationId, { params, responseProperty: tenantPropertyOf(contract, success?.content[0]?.schema) });
  }
  return fields;
}

/**
 * Whether any operation of the spec names its tenant (a marked path parameter or response
 * property): without one, a key cannot be held to sites.
 *
 * @example
 * marksTenants(getContract('webflow-assets')); // true
 * marksTenants(getContract('konifer-assets')); // false
 */
export function marksTenants(contract: Contract): boolean {
  return [...tenantFields(contract).values()].some((f) => f.params.length > 0 || f.responseProperty !== undefined);
}

/**
 * The pattern the spec gives the tenant path parameter (`site_id`), as a test of a key's `sites`;
 * `undefined` when the spec marks no tenant parameter or gives it no pattern.
 *
 * @example
 * tenantPattern(contract)?.test('580e63e98c9a982ac9b8b741'); // true
 */
export function tenantPattern(contract: Contract): RegExp | undefined {
  const tenant = contract.operations
    .flatMap((op) => op.parameters)
    .find((p) => p.in === 'path' && p.object[TENANT_EXTENSION] !== undefined);
  const pattern = resolve(contract, tenant?.schema)?.pattern;
  return typeof pattern === 'string' ? new RegExp(pattern, 'u') : undefined;
}

/** The GET operation on the same path, used to learn a resource's tenant before writing to it. */
export function readOperationFor(contract: Contract, operation: OperationSpec): OperationSpec | undefined {
  return contract.operations.find((op) => op.path === operation.path && op.method === 'get');
}
