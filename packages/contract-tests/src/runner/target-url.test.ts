import { createContract, getContract, MULTI_SEGMENT_EXTENSION } from '@assetkit/contract';
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

describe('the URLs of an API served at the root with a multi-segment path parameter', () => {
  const files = createContract({
    name: 'files',
    document: {
      openapi: '3.1.0',
      info: { title: 'files', version: '1' },
      paths: {
        '/files/{path}/-/v/{version}': {
          parameters: [
            { name: 'path', in: 'path', required: true, [MULTI_SEGMENT_EXTENSION]: true, schema: { type: 'string' } },
            { name: 'version', in: 'path', required: true, schema: { type: 'string' } },
          ],
          put: { operationId: 'replace', responses: { '200': { description: 'replaced' } } },
        },
      },
    },
  });

  it('uses the base URL as is', () => {
    expect(apiRoot(files, 'http://127.0.0.1:4010/')).toBe('http://127.0.0.1:4010');
  });

  it('encodes each segment of the multi-segment parameter on its own, keeping its slashes', () => {
    const { method, url } = operationUrl(files, 'http://h', 'replace', { path: 'users/a b/c', version: 'x/y' });
    expect([method, url]).toEqual(['PUT', 'http://h/files/users/a%20b/c/-/v/x%2Fy']);
  });
});
