import { describe, expectTypeOf, it } from 'vitest';
import {
  type Asset,
  type AssetFolder,
  type AssetList,
  type AssetListItem,
  type AssetsApiError,
  type AssetUpload,
  createAssetsClient,
  type ErrorCode,
} from './index.js';

// Type tests run under vitest's typecheck (tsc); nothing here is executed.
const client = createAssetsClient({ baseUrl: 'https://api.webflow.com/v2', token: 't' });
const siteId = '65f0a1b2c3d4e5f6a7b8c9d0';
const assetId = '580e63fc8c9a982ac9b8b745';

describe('the resource API', () => {
  it('returns the spec types', () => {
    expectTypeOf(client.assets.get(assetId)).resolves.toEqualTypeOf<Asset>();
    expectTypeOf(client.assets.list(siteId)).resolves.toEqualTypeOf<AssetList>();
    expectTypeOf(client.assets.update(assetId, { altText: 'x' })).resolves.toEqualTypeOf<Asset>();
    expectTypeOf(client.assets.delete(assetId)).resolves.toEqualTypeOf<void>();
    expectTypeOf(
      client.assets.create(siteId, { fileName: 'a.png', fileHash: 'h' }),
    ).resolves.toEqualTypeOf<AssetUpload>();
    expectTypeOf(
      client.assets.upload(siteId, { data: new Uint8Array(), fileName: 'a.png' }),
    ).resolves.toEqualTypeOf<Asset>();
    expectTypeOf(client.folders.get('f')).resolves.toEqualTypeOf<AssetFolder>();
    expectTypeOf(client.assets.iterate(siteId)).toEqualTypeOf<AsyncIterableIterator<AssetListItem>>();
  });

  it('types the nullable fields of the spec', () => {
    expectTypeOf<Asset['altText']>().toEqualTypeOf<string | null>();
    expectTypeOf<Asset['variants'][number]['height']>().toEqualTypeOf<number | null>();
    expectTypeOf<AssetListItem['folderId']>().toEqualTypeOf<string | null>();
  });

  it('rejects a wrong body field at compile time', () => {
    // @ts-expect-error `alttext` is not a field of the update body (it is `altText`)
    client.assets.update(assetId, { alttext: 'typo' });
    // @ts-expect-error `displayName` must be a string
    client.assets.update(assetId, { displayName: 42 });
    // @ts-expect-error `create-asset` needs `fileHash`
    client.assets.create(siteId, { fileName: 'a.png' });
    // @ts-expect-error `create-asset-folder` needs `displayName`
    client.folders.create(siteId, { parentFolder: null });
  });

  it('rejects wrong query and call options at compile time', () => {
    // @ts-expect-error `limit` is a number
    client.assets.list(siteId, { limit: '10' });
    // @ts-expect-error `get-asset` has no `offset`
    client.assets.get(assetId, { offset: 1 });
    // @ts-expect-error `signal` must be an AbortSignal
    client.assets.delete(assetId, { signal: 'stop' });
    // @ts-expect-error a string is not upload data
    client.assets.upload(siteId, { data: 'file contents', fileName: 'a.txt' });
    // @ts-expect-error `fileName` is required
    client.assets.upload(siteId, { data: new Uint8Array() });
  });

  it('accepts query parameters and call options together', () => {
    const signal = AbortSignal.timeout(1000);
    expectTypeOf(client.assets.list).toBeCallableWith(siteId, {
      offset: 0,
      limit: 10,
      folderId: 'f',
      localeId: 'l',
      signal,
      timeoutMs: 5,
    });
    expectTypeOf(client.assets.update).toBeCallableWith(assetId, { displayName: 'x', altText: 'y' }, { localeId: 'l' });
    expectTypeOf(client.assets.iterate).toBeCallableWith(siteId, { folderId: 'f', localeId: 'l', pageSize: 5, signal });
  });
});

describe('the raw openapi-fetch client', () => {
  it('infers data and error types per operation', async () => {
    const { data, error, response } = await client.GET('/assets/{asset_id}', {
      params: { path: { asset_id: assetId } },
    });
    expectTypeOf(data).toEqualTypeOf<Asset | undefined>();
    expectTypeOf<NonNullable<typeof error>['code']>().toEqualTypeOf<string>();
    expectTypeOf(response).toEqualTypeOf<Response>();
  });

  it('rejects a missing path parameter, an unknown path and a wrong body at compile time', () => {
    // @ts-expect-error `asset_id` is missing from params.path
    client.GET('/assets/{asset_id}', { params: { path: {} } });
    // @ts-expect-error params are required for a path with a parameter
    client.GET('/assets/{asset_id}');
    // @ts-expect-error there is no such path
    client.GET('/asset/{asset_id}', { params: { path: { asset_id: assetId } } });
    // @ts-expect-error PUT is not an operation of this path
    client.PUT('/assets/{asset_id}', { params: { path: { asset_id: assetId } } });
    // @ts-expect-error `alttext` is not a field of the PATCH body (openapi-fetch's own types let this through)
    client.PATCH('/assets/{asset_id}', { params: { path: { asset_id: assetId } }, body: { alttext: 'typo' } });
    // @ts-expect-error `limit` is a number
    client.GET('/sites/{site_id}/assets', { params: { path: { site_id: siteId }, query: { limit: 'ten' } } });
    // @ts-expect-error `lmit` is no query parameter
    client.GET('/sites/{site_id}/assets', { params: { path: { site_id: siteId }, query: { lmit: 5 } } });
    // @ts-expect-error `create-asset` needs `fileHash`
    client.POST('/sites/{site_id}/assets', { params: { path: { site_id: siteId } }, body: { fileName: 'a.png' } });
  });
});

describe('errors', () => {
  it("type code as the spec's ErrorCode union, open to new codes", () => {
    expectTypeOf<AssetsApiError['code']>().toEqualTypeOf<ErrorCode | (string & {})>();
    expectTypeOf<'resource_not_found'>().toExtend<AssetsApiError['code']>();
    expectTypeOf<AssetsApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<AssetsApiError['requestId']>().toEqualTypeOf<string | undefined>();
  });
});
