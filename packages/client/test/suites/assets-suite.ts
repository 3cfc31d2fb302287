import { describe, expect, it } from 'vitest';
import { AssetsApiError, AssetsError } from '../../src/index.js';
import { md5Hex } from '../../src/upload/md5.js';
import { clientFor, requestsFor, type StartTarget, uniquePng, useTarget } from '../helpers.js';

const MISSING_ID = '0123456789abcdef01234567';

/** Pulls the rejection of a promise, failing the test if it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * `client.assets.list/get/update/delete/create` and their errors, against a real target.
 *
 * @example
 * describeAssets(startSandboxTarget);
 */
export function describeAssets(start: StartTarget) {
  describe('client.assets', () => {
    const target = useTarget(start);

    it('gets an uploaded asset with every documented field', async () => {
      const client = clientFor(target());
      const uploaded = await client.assets.upload(target().siteId, { data: uniquePng(), fileName: 'get-me.png' });
      const asset = await client.assets.get(uploaded.id);
      expect(asset).toMatchObject({ id: uploaded.id, siteId: target().siteId, originalFileName: 'get-me.png' });
      expect(asset.contentType).toBe('image/png');
      expect(Array.isArray(asset.variants)).toBe(true);
    });

    it('lists a page with its pagination', async () => {
      const client = clientFor(target());
      await client.assets.create(target().siteId, { fileName: 'listed.png', fileHash: md5Hex(uniquePng()) });
      const page = await client.assets.list(target().siteId, { limit: 1, offset: 0 });
      expect(page.assets).toHaveLength(1);
      expect(page.pagination).toMatchObject({ limit: 1, offset: 0 });
      expect(page.pagination.total).toBeGreaterThanOrEqual(1);
      // Options given as undefined are left out of the query, not sent as empty values.
      await expect(
        client.assets.list(target().siteId, { folderId: undefined, localeId: undefined }),
      ).resolves.toBeDefined();
    });

    it('renames an asset and sets its alt text for one locale only', async () => {
      const client = clientFor(target());
      const { id } = await client.assets.upload(target().siteId, { data: uniquePng(), fileName: 'rename-me.png' });
      const renamed = await client.assets.update(id, { displayName: 'Renamed' });
      expect(renamed.displayName).toBe('Renamed');
      const localized = await client.assets.update(
        id,
        { altText: 'Texte alternatif' },
        { localeId: target().localeId },
      );
      expect(localized.altText).toBe('Texte alternatif');
      expect((await client.assets.get(id, { localeId: target().localeId })).altText).toBe('Texte alternatif');
      const primary = await client.assets.get(id);
      expect(primary.altText).not.toBe('Texte alternatif');
      expect(primary.displayName).toBe('Renamed');
    });

    // Found in review: `localeId: null` was not sent (openapi-fetch leaves null out), so the
    // update overwrote the primary locale's alt text without a word.
    it('refuses localeId: null with a TypeError, leaving the primary alt text as it was', async () => {
      const client = clientFor(target());
      const { id } = await client.assets.upload(target().siteId, { data: uniquePng(), fileName: 'null-locale.png' });
      const before = (await client.assets.get(id)).altText;
      target().sandbox.requests.clear();
      const error = await rejectionOf(
        client.assets.update(id, { altText: 'Texte alternatif' }, { localeId: null as unknown as string }),
      );
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe(
        'patch-asset: localeId is null, which is not sent: the call would go as without it; leave it out or give a value',
      );
      expect(target().sandbox.requests.entries()).toHaveLength(0);
      expect((await client.assets.get(id)).altText).toBe(before);
    });

    it('deletes an asset, after which get answers resource_not_found', async () => {
      const client = clientFor(target());
      const { id } = await client.assets.upload(target().siteId, { data: uniquePng(), fileName: 'delete-me.png' });
      await expect(client.assets.delete(id)).resolves.toBeUndefined();
      const error = await rejectionOf(client.assets.get(id));
      expect(error).toBeInstanceOf(AssetsApiError);
      expect(error).toMatchObject({ status: 404, code: 'resource_not_found', operationId: 'get-asset', attempts: 1 });
    });

    it('creates an asset and returns the presigned POST for its bytes', async () => {
      const client = clientFor(target());
      const created = await client.assets.create(target().siteId, {
        fileName: 'step-one.png',
        fileHash: md5Hex(uniquePng()),
      });
      expect(created.uploadUrl).toMatch(/^https?:\/\//);
      expect(created.uploadDetails).toMatchObject({
        success_action_status: '201',
        'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      });
    });

    // Found in review: upload took `parentFolder: null` as the site root (it leaves the field out),
    // but create sent it as given, and create-asset has no null for the root: a 400.
    it('creates an asset at the site root for parentFolder null, as upload does', async () => {
      const client = clientFor(target());
      target().sandbox.requests.clear();
      const created = await client.assets.create(target().siteId, {
        fileName: 'root-step-one.png',
        fileHash: md5Hex(uniquePng()),
        parentFolder: null,
      });
      expect(created.parentFolder ?? null).toBeNull();
      const [create] = requestsFor(target(), 'create-asset');
      expect(JSON.parse(create?.body ?? '{}')).not.toHaveProperty('parentFolder');
    });

    it.each([
      ['get-asset', (c: ReturnType<typeof clientFor>) => c.assets.get(MISSING_ID)],
      ['patch-asset', (c: ReturnType<typeof clientFor>) => c.assets.update(MISSING_ID, { displayName: 'x' })],
      ['delete-asset', (c: ReturnType<typeof clientFor>) => c.assets.delete(MISSING_ID)],
    ])('turns a 404 of %s into AssetsApiError resource_not_found', async (operationId, run) => {
      const error = await rejectionOf(run(clientFor(target())));
      expect(error).toBeInstanceOf(AssetsApiError);
      expect(error).toMatchObject({ status: 404, code: 'resource_not_found', operationId });
      expect((error as AssetsApiError).message).not.toBe('');
    });

    it('turns a 400 into AssetsApiError with field-level details', async () => {
      const error = await rejectionOf(clientFor(target()).assets.list(target().siteId, { limit: 1000 }));
      expect(error).toBeInstanceOf(AssetsApiError);
      const apiError = error as AssetsApiError;
      expect(apiError.status).toBe(400);
      expect(apiError.code).toBe('validation_error');
      expect(apiError.details).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/limit' })]));
    });

    // Found in review: undefined went out as the path template (/sites/%7Bsite_id%7D/assets) and
    // '' as a route that does not exist, and the error blamed the server's answer.
    type Call = (client: ReturnType<typeof clientFor>, id: string) => Promise<unknown>;
    it.each<[string, unknown, Call, string]>([
      [
        'list',
        undefined,
        (c, id) => c.assets.list(id),
        'list-assets needs siteId, a non-empty id string; got undefined',
      ],
      ['get', '', (c, id) => c.assets.get(id), 'get-asset needs assetId, a non-empty id string; got ""'],
      ['delete', null, (c, id) => c.assets.delete(id), 'delete-asset needs assetId, a non-empty id string; got null'],
      [
        'folders.get',
        ' ',
        (c, id) => c.folders.get(id),
        'get-asset-folder needs folderId, a non-empty id string; got " "',
      ],
      // Found in review: an id pasted with a space, or read from a file with its line break (a
      // CRLF file leaves "\r"), went out percent-encoded and came back as a 400, each call.
      [
        'update',
        ` ${MISSING_ID}`,
        (c, id) => c.assets.update(id, { altText: 'x' }),
        `patch-asset needs assetId without spaces or line breaks; got " ${MISSING_ID}"`,
      ],
      [
        'list',
        `${MISSING_ID}\r`,
        (c, id) => c.assets.list(id),
        `list-assets needs siteId without spaces or line breaks; got "${MISSING_ID}\\r"`,
      ],
    ])('refuses a missing id, or one with spaces, for %s before sending anything', async (_name, id, method, says) => {
      target().sandbox.requests.clear();
      const error = await method(clientFor(target()), id as string).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AssetsError);
      expect((error as Error).message).toBe(says);
      expect(target().sandbox.requests.entries()).toHaveLength(0);
    });

    it('turns a malformed id into a 400, not a 404', async () => {
      const error = await rejectionOf(clientFor(target()).assets.get('not-an-object-id'));
      expect(error).toMatchObject({ status: 400, operationId: 'get-asset' });
    });

    it('turns a bad token into a 401 not_authorized', async () => {
      const client = clientFor(target(), { token: 'not-a-token' });
      const error = await rejectionOf(client.assets.list(target().siteId));
      expect(error).toBeInstanceOf(AssetsApiError);
      expect(error).toMatchObject({ status: 401, code: 'not_authorized', operationId: 'list-assets' });
    });

    it('turns a write with a read-only token into a 403 missing_scopes', async () => {
      const writer = clientFor(target());
      const { id } = await writer.assets.upload(target().siteId, { data: uniquePng(), fileName: 'read-only.png' });
      const reader = clientFor(target(), { token: target().readOnlyToken });
      await expect(reader.assets.get(id)).resolves.toMatchObject({ id });
      const error = await rejectionOf(reader.assets.update(id, { displayName: 'nope' }));
      expect(error).toBeInstanceOf(AssetsApiError);
      expect(error).toMatchObject({ status: 403, code: 'missing_scopes', operationId: 'patch-asset' });
    });

    it('keeps the raw openapi-fetch client: { data, error, response } and no throw', async () => {
      const client = clientFor(target());
      const missing = await client.GET('/assets/{asset_id}', { params: { path: { asset_id: MISSING_ID } } });
      expect(missing.data).toBeUndefined();
      expect(missing.response.status).toBe(404);
      expect(missing.error?.code).toBe('resource_not_found');
      const page = await client.GET('/sites/{site_id}/assets', {
        params: { path: { site_id: target().siteId }, query: { limit: 2 } },
      });
      expect(page.error).toBeUndefined();
      expect(page.data?.pagination.limit).toBe(2);
    });
  });
}
