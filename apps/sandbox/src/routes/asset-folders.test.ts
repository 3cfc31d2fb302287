import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestSandbox } from '../../test/helpers.js';
import type { Sandbox } from '../start-sandbox.js';

describe('asset folder operations', () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;
  const folders = () => `/v2/sites/${sandbox.siteId}/asset_folders`;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    api = apiClient(sandbox);
  });
  afterAll(() => sandbox.close());

  it('lists no folders on a fresh site, with a matching pagination', async () => {
    const res = await api.call('GET', folders());
    expect(res.body).toEqual({ assetFolders: [], pagination: { limit: 0, offset: 0, total: 0 } });
  });

  it('creates root and nested folders (200, not 201) and gets them back', async () => {
    const root = await api.call('POST', folders(), { json: { displayName: 'Emoji icons' } });
    expect(root.status).toBe(200);
    expect(root.body).toMatchObject({
      displayName: 'Emoji icons',
      parentFolder: null,
      assets: [],
      siteId: sandbox.siteId,
    });
    const nested = await api.call('POST', folders(), { json: { displayName: 'Faces 😀', parentFolder: root.body.id } });
    expect(nested.body.parentFolder).toBe(root.body.id);
    const explicitNull = await api.call('POST', folders(), { json: { displayName: 'Also root', parentFolder: null } });
    expect(explicitNull.body.parentFolder).toBeNull();

    const got = await api.call('GET', `/v2/asset_folders/${nested.body.id}`);
    expect(got.body).toEqual(nested.body);
    const list = await api.call('GET', folders());
    expect(list.body.assetFolders.map((f: { id: string }) => f.id)).toEqual([
      root.body.id,
      nested.body.id,
      explicitNull.body.id,
    ]);
    expect(list.body.pagination).toEqual({ limit: 3, offset: 0, total: 3 });
  });

  it("lists the assets directly inside a folder in the folder's assets", async () => {
    const parent = await api.call('POST', folders(), { json: { displayName: 'parent' } });
    const child = await api.call('POST', folders(), { json: { displayName: 'child', parentFolder: parent.body.id } });
    const put = (fileName: string, parentFolder: string) =>
      api.call('POST', `/v2/sites/${sandbox.siteId}/assets`, {
        json: { fileName, fileHash: 'd41d8cd98f00b204e9800998ecf8427e', parentFolder },
      });
    const a = await put('a.png', parent.body.id);
    const b = await put('b.png', child.body.id);
    expect(a.body.parentFolder).toBe(parent.body.id);
    expect((await api.call('GET', `/v2/asset_folders/${parent.body.id}`)).body.assets).toEqual([a.body.id]);
    expect((await api.call('GET', `/v2/asset_folders/${child.body.id}`)).body.assets).toEqual([b.body.id]);
    await api.call('DELETE', `/v2/assets/${a.body.id}`);
    expect((await api.call('GET', `/v2/asset_folders/${parent.body.id}`)).body.assets).toEqual([]);
  });

  it.each([
    ['an unknown folder', 'GET', '/v2/asset_folders/0123456789abcdef01234567', undefined],
    ['an unknown parent folder', 'POST', 'folders', { displayName: 'x', parentFolder: '0123456789abcdef01234567' }],
    ['an unknown site', 'GET', '/v2/sites/0123456789abcdef01234567/asset_folders', undefined],
  ])('answers 404 resource_not_found for %s', async (_name, method, path, json) => {
    const res = await api.call(method, path === 'folders' ? folders() : path, { json });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('resource_not_found');
  });

  it.each([
    ['a missing displayName', {}, '/displayName'],
    ['an empty displayName', { displayName: '' }, '/displayName'],
    ['a malformed parentFolder', { displayName: 'x', parentFolder: '../etc' }, '/parentFolder'],
    ['an unknown property', { displayName: 'x', colour: 'red' }, '/colour'],
  ])('rejects %s with 400 validation_error and creates nothing', async (_name, json, pointer) => {
    const before = (await api.call('GET', folders())).body.pagination.total;
    const res = await api.call('POST', folders(), { json });
    expect(res.status).toBe(400);
    expect(res.body.details).toContainEqual(expect.objectContaining({ location: 'body', pointer }));
    expect((await api.call('GET', folders())).body.pagination.total).toBe(before);
  });
});
