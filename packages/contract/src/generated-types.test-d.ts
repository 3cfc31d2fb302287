import { describe, expectTypeOf, it } from 'vitest';
import type { WebflowAssets } from './index.js';

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
