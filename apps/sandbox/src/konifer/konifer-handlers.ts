import { essence, parseMultipart } from '@assetkit/contract';
import { HttpError } from '../errors.js';
import { NotAnImageError, storeImage } from './konifer-image.js';
import type { KoniferMetadata, KoniferSelector } from './konifer-repo.js';
import type { KoniferStore } from './konifer-store.js';
import { koniferAssetView } from './konifer-view.js';

/** A Konifer request after the contract validated it (parameters coerced: `entryId` and `limit` are numbers). */
export interface KoniferRequest {
  operationId: string;
  pathParams: Record<string, unknown>;
  query: Record<string, unknown>;
  rawBody: Buffer;
  contentType: string;
}

/** What a handler answers: a JSON body, or none (`404` of a fetch, `204`). */
export interface KoniferResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What the handlers work with. */
export interface KoniferDeps {
  store: KoniferStore;
  /** Base of the `Location` header (Konifer's `http.public-url`). */
  publicUrl: string;
  now: () => number;
}

type Handler = (request: KoniferRequest) => KoniferResult | Promise<KoniferResult>;

/** Label filters from the gathered query: empty values ignored, a `label:` prefix stripped (Konifer's rules). */
function labelFilters(query: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries((query.labels ?? {}) as Record<string, string>)) {
    if (value !== '') {
      // Defined, not assigned: assigning `__proto__` would set the prototype and drop the filter.
      Object.defineProperty(out, name.startsWith('label:') ? name.slice('label:'.length) : name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return out;
}

/** Full replacement: a field left out (or null) is erased; tags are a set. */
function metadataOf(body: Record<string, unknown>): KoniferMetadata {
  return {
    alt: typeof body.alt === 'string' ? body.alt : null,
    labels: { ...((body.labels ?? {}) as Record<string, string>) },
    tags: [...new Set((body.tags ?? []) as string[])],
  };
}

function selector(request: KoniferRequest, extra: Partial<KoniferSelector>): KoniferSelector {
  const limit = request.query.limit;
  return {
    path: String(request.pathParams.path),
    labels: labelFilters(request.query),
    limit: typeof limit === 'number' ? limit : 1,
    ...extra,
  };
}

function readStoreForm(request: KoniferRequest): { metadata: Record<string, unknown>; bytes: Uint8Array } {
  const parts = parseMultipart(request.rawBody, request.contentType);
  const metadata = Array.isArray(parts) ? parts.find((p) => p.name === 'metadata') : undefined;
  const asset = Array.isArray(parts) ? parts.find((p) => p.name === 'asset') : undefined;
  if (!metadata || !asset) {
    // The contract checked both parts are there; this is the case it cannot see (a repeated part).
    throw new HttpError(400, 'bad_request', 'A store request needs one metadata part and one asset part');
  }
  return { metadata: JSON.parse(Buffer.from(metadata.data).toString('utf8')), bytes: asset.data };
}

/**
 * The Konifer operations of the sandbox, by operationId: store (multipart, real image facts from
 * sharp, `entryId` counting per path), fetch metadata (order, `limit`, label filters), PUT (full
 * replacement) and the three deletes (always 204).
 *
 * @example
 * const handlers = koniferHandlers({ store, publicUrl: 'http://127.0.0.1:4010', now: Date.now });
 * await handlers['get-metadata']?.(request); // { status: 200, body: { class: 'image', … } }
 */
export function koniferHandlers({ store, publicUrl, now }: KoniferDeps): Readonly<Record<string, Handler>> {
  const { repo, blobs } = store;
  const fetch = (request: KoniferRequest, extra: Partial<KoniferSelector>): KoniferResult => {
    const sel = selector(request, extra);
    const found = repo.find(sel).map(koniferAssetView);
    if (sel.limit !== 1) {
      return { status: 200, body: found };
    }
    return found[0] ? { status: 200, body: found[0] } : { status: 404 };
  };
  const remove = (request: KoniferRequest, extra: Partial<KoniferSelector>): KoniferResult => {
    for (const asset of repo.remove(selector(request, extra))) {
      // Konifer removes content asynchronously too: the answer does not wait for the files.
      void blobs.removeAsset(asset.blobId).catch(() => undefined);
    }
    return { status: 204 };
  };
  return {
    async 'store-asset'(request) {
      if (essence(request.contentType) === 'application/json') {
        throw new HttpError(
          400,
          'bad_request',
          'URL sources are not allowed: the sandbox fetches nothing (source.url.allowed-domains is empty)',
        );
      }
      const { metadata, bytes } = readStoreForm(request);
      const image = await storeImage(blobs, bytes).catch((error: unknown) => {
        throw error instanceof NotAnImageError ? new HttpError(400, 'bad_request', error.message) : error;
      });
      const at = now();
      const path = String(request.pathParams.path);
      const asset = repo.insert({
        path,
        ...metadataOf(metadata),
        ...image,
        source: 'upload',
        createdAt: at,
        modifiedAt: at,
      });
      const location = `${publicUrl}/assets/${path.split('/').map(encodeURIComponent).join('/')}/-/entry/${asset.entryId}`;
      return { status: 201, body: koniferAssetView(asset), headers: { Location: location } };
    },
    'get-metadata': (request) => fetch(request, { order: 'new' }),
    'get-new-metadata': (request) => fetch(request, { order: 'new' }),
    'get-modified-metadata': (request) => fetch(request, { order: 'modified' }),
    'get-entry-metadata': (request) => fetch(request, { entryId: Number(request.pathParams.entryId), limit: 1 }),
    'update-asset'(request) {
      const path = String(request.pathParams.path);
      const entryId = Number(request.pathParams.entryId);
      const [current] = repo.find({ path, entryId });
      const body = JSON.parse(request.rawBody.toString('utf8')) as Record<string, unknown>;
      // modifiedAt must advance even when the PUT lands in the same millisecond as the store.
      const updated =
        current && repo.replaceMetadata(current.id, metadataOf(body), Math.max(now(), current.modifiedAt + 1));
      if (!updated) {
        throw new HttpError(404, 'resource_not_found', `Asset not found with path: ${path}, entryId: ${entryId}`);
      }
      return { status: 200, body: koniferAssetView(updated) };
    },
    'delete-assets': (request) => remove(request, { order: 'new' }),
    'delete-entry': (request) => remove(request, { entryId: Number(request.pathParams.entryId), limit: -1 }),
    'delete-recursive': (request) => remove(request, { recursive: true, limit: -1 }),
  };
}
