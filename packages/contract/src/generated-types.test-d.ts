import { describe, expectTypeOf, it } from 'vitest';
import { apiNames } from './contract.js';
import type { ApiName, KoniferAssets, WebflowAssets } from './index.js';

type GetAsset200 = WebflowAssets.operations['get-asset']['responses'][200]['content']['application/json'];
type ListAssets200 =
  WebflowAssets.paths['/sites/{site_id}/assets']['get']['responses'][200]['content']['application/json'];
type PatchBody = NonNullable<WebflowAssets.operations['patch-asset']['requestBody']>['content']['application/json'];

describe('the generated WebflowAssets types', () => {
  it('give get-asset a nullable altText and nullable variant heights', () => {
    expectTypeOf<GetAsset200['altText']>().toEqualTypeOf<string | null>();
    expectTypeOf<GetAsset200['variants'][number]['height']>().toEqualTypeOf<number | null>();
    expectTypeOf<GetAsset200['variants'][number]['width']>().toEqualTypeOf<number>();
    expectTypeOf<GetAsset200['id']>().toEqualTypeOf<string>();
  });

  it('give list items a nullable folderId on top of the asset', () => {
    expectTypeOf<ListAssets200['assets'][number]['folderId']>().toEqualTypeOf<string | null>();
    expectTypeOf<ListAssets200['pagination']['total']>().toEqualTypeOf<number>();
  });

  it('make every patch field optional and know no others', () => {
    expectTypeOf<PatchBody>().toEqualTypeOf<{ displayName?: string; altText?: string }>();
  });

  it('require site_id in the list path and type the query', () => {
    type Params = WebflowAssets.operations['list-assets']['parameters'];
    expectTypeOf<Params['path']>().toEqualTypeOf<{ site_id: string }>();
    expectTypeOf<NonNullable<Params['query']>['limit']>().toEqualTypeOf<number | undefined>();
  });
});

type UpdateBody = NonNullable<KoniferAssets.operations['update-asset']['requestBody']>['content']['application/json'];
type Asset = KoniferAssets.components['schemas']['AssetResponse'];
type Metadata200 = KoniferAssets.operations['get-metadata']['responses'][200]['content']['application/json'];

describe('the generated KoniferAssets types', () => {
  it('make every update field optional, alt nullable, and know no others', () => {
    expectTypeOf<UpdateBody>().toEqualTypeOf<{
      alt?: string | null;
      labels?: { [key: string]: string };
      tags?: string[];
    }>();
  });

  it("type Konifer's enums and its asset response", () => {
    expectTypeOf<Asset['class']>().toEqualTypeOf<'image'>();
    expectTypeOf<Asset['source']>().toEqualTypeOf<'upload' | 'url'>();
    expectTypeOf<Asset['variants'][number]['attributes']['format']>().toEqualTypeOf<
      'jpg' | 'png' | 'webp' | 'avif' | 'jxl' | 'heic' | 'gif'
    >();
    expectTypeOf<NonNullable<Asset['variants'][number]['transformation']>['rotate']>().toEqualTypeOf<
      'zero' | 'ninety' | 'one_hundred_eighty' | 'two_hundred_seventy' | 'auto'
    >();
    expectTypeOf<Asset['createdAt']>().toEqualTypeOf<string | undefined>();
  });

  it('give metadata one asset or an array, and the label filters as an object parameter', () => {
    expectTypeOf<Metadata200>().toEqualTypeOf<Asset | Asset[]>();
    type Query = NonNullable<KoniferAssets.operations['get-metadata']['parameters']['query']>;
    expectTypeOf<Query['labels']>().toEqualTypeOf<{ [key: string]: string } | undefined>();
    expectTypeOf<KoniferAssets.operations['update-asset']['parameters']['path']>().toEqualTypeOf<{
      path: string;
      entryId: number;
    }>();
  });
});

describe('the API registry', () => {
  it('names both APIs', () => {
    expectTypeOf<ApiName>().toEqualTypeOf<'webflow-assets' | 'konifer-assets'>();
    expectTypeOf(apiNames).returns.toEqualTypeOf<ApiName[]>();
  });
});
