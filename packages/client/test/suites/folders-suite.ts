import { describe, expect, it } from 'vitest';
import { AssetsApiError } from '../../src/index.js';
import { clientFor, type StartTarget, uniquePng, useTarget } from '../helpers.js';

/**
 * `client.folders.list/get/create` against a real target.
 *
 * @example
 * describeFolders(startSandboxTarget);
 */
export function describeFolders(start: StartTarget) {
  describe('client.folders', () => {
    const target = useTarget(start);

    it('creates a root folder and a nested one, and gets them back', async () => {
      const client = clientFor(target());
      const root = await client.folders.create(target().siteId, { displayName: 'Icons' });
      expect(root).toMatchObject({ displayName: 'Icons', parentFolder: null, assets: [], siteId: target().siteId });
      const nested = await client.folders.create(target().siteId, { displayName: 'Small', parentFolder: root.id });
      expect(nested.parentFolder).toBe(root.id);
      expect(await client.folders.get(nested.id)).toMatchObject({ id: nested.id, displayName: 'Small' });
    });

    it('lists the folders of a site', async () => {
      const client = clientFor(target());
      const folder = await client.folders.create(target().siteId, { displayName: 'Listed' });
      const { assetFolders, pagination } = await client.folders.list(target().siteId);
      expect(assetFolders.map((f) => f.id)).toContain(folder.id);
      expect(pagination.total).toBe(assetFolders.length);
    });

    it('shows an uploaded asset in its folder', async () => {
      const client = clientFor(target());
      const folder = await client.folders.create(target().siteId, { displayName: 'Uploads' });
      const asset = await client.assets.upload(target().siteId, {
        data: uniquePng(),
        fileName: 'in-folder.png',
        parentFolder: folder.id,
      });
      expect((await client.folders.get(folder.id)).assets).toEqual([asset.id]);
    });

    it('turns an unknown folder into AssetsApiError resource_not_found', async () => {
      const error = await clientFor(target())
        .folders.get('0123456789abcdef01234567')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AssetsApiError);
      expect(error).toMatchObject({ status: 404, code: 'resource_not_found', operationId: 'get-asset-folder' });
    });

    it('turns an empty displayName into a 400 naming the field', async () => {
      const error = await clientFor(target())
        .folders.create(target().siteId, { displayName: '' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AssetsApiError);
      const apiError = error as AssetsApiError;
      expect(apiError.status).toBe(400);
      expect(apiError.operationId).toBe('create-asset-folder');
      expect(JSON.stringify(apiError.details)).toContain('displayName');
    });
  });
}
