import { getContract } from '@assetkit/contract';
import { describe, expect, it } from 'vitest';
import { apiRoot, operationUrl } from './target-url.js';

const contract = getContract('webflow-assets');

describe('apiRoot', () => {
  it.each([
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010/v2'],
    ['http://127.0.0.1:4010/', 'http://127.0.0.1:4010/v2'],
    ['https://api.webflow.com/v2', 'https://api.webflow.com/v2'],
    ['https://api.webflow.com/beta/', 'https://api.webflow.com/beta'],
    ['http://proxy.local/webflow', 'http://proxy.local/webflow/v2'],
  ])('%s → %s', (base, want) => {
    expect(apiRoot(contract, base)).toBe(want);
  });
});

describe('operationUrl', () => {
  it('fills and encodes path parameters and leaves undefined query values out', () => {
    expect(
      operationUrl(contract, 'http://h/v2', 'list-assets', { site_id: 'a/b' }, { limit: 1, offset: undefined }),
    ).toEqual({
      method: 'GET',
      url: 'http://h/v2/sites/a%2Fb/assets?limit=1',
    });
  });

  it('names a missing path parameter and an unknown operation', () => {
    expect(() => operationUrl(contract, 'http://h/v2', 'get-asset')).toThrow('get-asset needs path parameter asset_id');
    expect(() => operationUrl(contract, 'http://h/v2', 'get-assets')).toThrow('no operation "get-assets"');
  });
});
