import type { ViolationLocation } from '@assetkit/contract';
import { DRIFT_KINDS, type DriftKind } from './drift-kinds.js';

/** The violation a drift promises: where the contract core reports it. */
export interface DriftExpectation {
  location: ViolationLocation;
  pointer: string;
  /** Only a strict-mode validation reports it. */
  strictOnly: boolean;
}

type BodyShape = 'asset' | 'upload' | 'folder' | 'none';

/** The response body of each operation, and the list its items sit in. */
const SHAPES: Readonly<Record<string, { body: BodyShape; list?: 'assets' | 'assetFolders' }>> = {
  'list-assets': { body: 'asset', list: 'assets' },
  'create-asset': { body: 'upload' },
  'get-asset': { body: 'asset' },
  'patch-asset': { body: 'asset' },
  'delete-asset': { body: 'none' },
  'list-asset-folders': { body: 'folder', list: 'assetFolders' },
  'create-asset-folder': { body: 'folder' },
  'get-asset-folder': { body: 'folder' },
};

/** The property `extra-property` adds. */
export const DRIFT_PROPERTY = 'sandboxDrift';

/**
 * The violation a drift of `kind` causes on a successful response of `operationId`, or
 * `undefined` when that kind does not apply to that operation (for example `height-as-string`
 * on `list-asset-folders`).
 *
 * @example
 * driftExpectation('height-as-string', 'list-assets');
 * // { location: 'response.body', pointer: '/assets/0/variants/0/height', strictOnly: false }
 */
export function driftExpectation(kind: DriftKind, operationId: string): DriftExpectation | undefined {
  const shape = SHAPES[operationId];
  if (!shape || !Object.hasOwn(DRIFT_KINDS, kind)) {
    return undefined;
  }
  const item = shape.list ? `/${shape.list}/0` : '';
  const body = (pointer: string): DriftExpectation => ({ location: 'response.body', pointer, strictOnly: false });
  switch (kind) {
    case 'height-as-string':
      return shape.body === 'asset' ? body(`${item}/variants/0/height`) : undefined;
    case 'missing-id':
      return shape.body === 'none' ? undefined : body(`${item}/id`);
    case 'null-display-name':
      return shape.body === 'asset' || shape.body === 'folder' ? body(`${item}/displayName`) : undefined;
    case 'extra-property':
      return shape.body === 'none'
        ? undefined
        : { location: 'response.body', pointer: `/${DRIFT_PROPERTY}`, strictOnly: true };
    case 'wrong-content-type':
      return shape.body === 'none'
        ? undefined
        : { location: 'response.header', pointer: '/content-type', strictOnly: false };
    case 'undocumented-status':
      return { location: 'response.status', pointer: '', strictOnly: false };
    case 'missing-rate-limit-headers':
      return { location: 'response.header', pointer: '/x-ratelimit-limit', strictOnly: false };
  }
}

/** Valid stand-ins, so a drift has something to break in an empty list or a variant-less asset. */
export interface SyntheticItems {
  asset(): Record<string, unknown>;
  folder(): Record<string, unknown>;
  variant(): Record<string, unknown>;
}

/** A response about to be sent, as drift sees and changes it. */
export interface DriftableResponse {
  status: number;
  body: unknown;
  contentType: string;
  /** Headers to remove before sending. */
  removeHeaders: string[];
}

function targetOf(body: Record<string, unknown>, operationId: string, synthetic: SyntheticItems) {
  const shape = SHAPES[operationId];
  if (!shape?.list) {
    return body;
  }
  const list = body[shape.list] as Record<string, unknown>[];
  if (list.length === 0) {
    list.push(shape.body === 'asset' ? synthetic.asset() : synthetic.folder());
  }
  return list[0] as Record<string, unknown>;
}

/**
 * Breaks a successful response the way `kind` says, so that exactly the violation of
 * {@link driftExpectation} appears. Call only when `driftExpectation(kind, operationId)` is defined.
 *
 * @example
 * applyDrift('missing-id', 'get-asset', response, synthetic); // response.body.id is gone
 */
export function applyDrift(
  kind: DriftKind,
  operationId: string,
  response: DriftableResponse,
  synthetic: SyntheticItems,
): DriftableResponse {
  const out: DriftableResponse = { ...response, body: structuredClone(response.body), removeHeaders: [] };
  const body = out.body as Record<string, unknown>;
  switch (kind) {
    case 'height-as-string': {
      const asset = targetOf(body, operationId, synthetic);
      const variants = asset.variants as Record<string, unknown>[];
      if (variants.length === 0) {
        variants.push(synthetic.variant());
      }
      const variant = variants[0] as Record<string, unknown>;
      variant.height = String(variant.height ?? 500);
      break;
    }
    case 'missing-id':
      delete targetOf(body, operationId, synthetic).id;
      break;
    case 'null-display-name':
      targetOf(body, operationId, synthetic).displayName = null;
      break;
    case 'extra-property':
      body[DRIFT_PROPERTY] = 'a property the spec does not document';
      break;
    case 'wrong-content-type':
      out.contentType = 'text/plain; charset=utf-8';
      break;
    case 'undocumented-status':
      out.status = 202;
      break;
    case 'missing-rate-limit-headers':
      out.removeHeaders = ['X-RateLimit-Limit', 'X-RateLimit-Remaining'];
      break;
  }
  return out;
}
