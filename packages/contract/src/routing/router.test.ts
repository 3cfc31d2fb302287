import { describe, expect, it } from 'vitest';
import { documents } from '../generated/registry.js';
import type { OpenApiDocument } from '../openapi-document.js';
import { readOperations } from '../operations.js';
import { createRouter, MULTI_SEGMENT_EXTENSION, type RouteResult } from './router.js';

const webflow = documents['webflow-assets'];
const router = createRouter(webflow, readOperations(webflow));
const ID = '580e63fc8c9a982ac9b8b745';

function summary(result: RouteResult): string {
  if (result.kind === 'match') {
    return `${result.operation.operationId} ${JSON.stringify(result.pathParams)} ${result.basePath}`;
  }
  return result.kind === 'method-not-allowed' ? `405 ${result.allow.join(',')}` : '404';
}

describe('createRouter', () => {
  it.each([
    ['GET', `/v2/sites/${ID}/assets`, `list-assets {"site_id":"${ID}"} /v2`],
    ['POST', `/v2/sites/${ID}/assets`, `create-asset {"site_id":"${ID}"} /v2`],
    ['GET', `/beta/assets/${ID}`, `get-asset {"asset_id":"${ID}"} /beta`],
    ['patch', `/v2/assets/${ID}`, `patch-asset {"asset_id":"${ID}"} /v2`],
    ['DELETE', `/v2/assets/${ID}`, `delete-asset {"asset_id":"${ID}"} /v2`],
    ['GET', `/v2/sites/${ID}/asset_folders`, `list-asset-folders {"site_id":"${ID}"} /v2`],
    ['POST', `/v2/sites/${ID}/asset_folders`, `create-asset-folder {"site_id":"${ID}"} /v2`],
    ['GET', `/v2/asset_folders/${ID}`, `get-asset-folder {"asset_folder_id":"${ID}"} /v2`],
    ['GET', '/v2/assets/a%20b', 'get-asset {"asset_id":"a b"} /v2'],
    ['GET', '/v2/assets/..%2Fsecrets', 'get-asset {"asset_id":"../secrets"} /v2'],
    ['GET', '/v2/assets/%E0%A4%A', 'get-asset {"asset_id":"%E0%A4%A"} /v2'],
    ['PUT', `/v2/assets/${ID}`, '405 GET,HEAD,DELETE,PATCH'],
    ['DELETE', `/v2/sites/${ID}/assets`, '405 GET,HEAD,POST'],
    ['HEAD', `/v2/assets/${ID}`, `get-asset {"asset_id":"${ID}"} /v2`],
    ['head', `/v2/sites/${ID}/assets`, `list-assets {"site_id":"${ID}"} /v2`],
    ['GET', `/v3/assets/${ID}`, '404'],
    ['GET', `/v2/assets/${ID}/`, '404'],
    ['GET', '/v2/assets/', '404'],
    ['GET', '/v2/assets', '404'],
    ['GET', `/assets/${ID}`, '404'],
    ['GET', '/v2', '404'],
    ['GET', `/v2/sites/${ID}/assets/extra`, '404'],
    ['GET', `/v2beta/assets/${ID}`, '404'],
  ])('%s %s → %s', (method, path, want) => {
    expect(summary(router.match(method, path))).toBe(want);
  });

  it('takes a HEAD the spec documents as itself, and answers a path without GET or HEAD with 405 and no HEAD', () => {
    const doc: OpenApiDocument = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/things/{id}': {
          get: { operationId: 'get-thing', parameters: [{ name: 'id', in: 'path', required: true }] },
          head: { operationId: 'probe-thing', parameters: [{ name: 'id', in: 'path', required: true }] },
        },
        '/jobs': { post: { operationId: 'start-job' } },
      },
    };
    const r = createRouter(doc, readOperations(doc));
    expect(summary(r.match('HEAD', '/things/7'))).toBe('probe-thing {"id":"7"} ');
    expect(summary(r.match('PUT', '/things/7'))).toBe('405 GET,HEAD');
    expect(summary(r.match('HEAD', '/jobs'))).toBe('405 POST');
  });

  it('knows the base paths of the servers', () => {
    expect(router.basePaths).toEqual(['/beta', '/v2']);
  });

  it('prefers a static segment over a parameter', () => {
    const doc: OpenApiDocument = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/things/{id}': { get: { operationId: 'get-thing', parameters: [{ name: 'id', in: 'path', required: true }] } },
        '/things/latest': { get: { operationId: 'get-latest' } },
      },
    };
    const r = createRouter(doc, readOperations(doc));
    expect(summary(r.match('GET', '/things/latest'))).toBe('get-latest {} ');
    expect(summary(r.match('GET', '/things/7'))).toBe('get-thing {"id":"7"} ');
  });

  it(`matches a ${MULTI_SEGMENT_EXTENSION} parameter over several segments, backtracking to the static tail`, () => {
    const pathParam = { name: 'path', in: 'path' as const, required: true, [MULTI_SEGMENT_EXTENSION]: true };
    const entryParam = { name: 'entryId', in: 'path' as const, required: true };
    const doc: OpenApiDocument = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/assets/{path}': { post: { operationId: 'store', parameters: [pathParam] } },
        '/assets/{path}/-/entry/{entryId}': { put: { operationId: 'update', parameters: [pathParam, entryParam] } },
      },
    };
    const r = createRouter(doc, readOperations(doc));
    expect(summary(r.match('PUT', '/assets/users/123/profile/-/entry/0'))).toBe(
      'update {"entryId":"0","path":"users/123/profile"} ',
    );
    expect(summary(r.match('POST', '/assets/users/123/profile'))).toBe('store {"path":"users/123/profile"} ');
    expect(summary(r.match('POST', '/assets/users//x'))).toBe('404');
    expect(summary(r.match('GET', '/assets/a/-/entry/1'))).toBe('405 PUT,POST');
  });

  it(`gives a static tail precedence over a ${MULTI_SEGMENT_EXTENSION} parameter that could swallow it`, () => {
    const pathParam = { name: 'path', in: 'path' as const, required: true, [MULTI_SEGMENT_EXTENSION]: true };
    const entryParam = { name: 'entryId', in: 'path' as const, required: true };
    const doc: OpenApiDocument = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/assets/{path}': { delete: { operationId: 'delete-newest', parameters: [pathParam] } },
        '/assets/{path}/-/entry/{entryId}': {
          delete: { operationId: 'delete-entry', parameters: [pathParam, entryParam] },
        },
      },
    };
    const r = createRouter(doc, readOperations(doc));
    expect(summary(r.match('DELETE', '/assets/a/b/-/entry/0'))).toBe('delete-entry {"entryId":"0","path":"a/b"} ');
    expect(summary(r.match('DELETE', '/assets/a/b/entry/0'))).toBe('delete-newest {"path":"a/b/entry/0"} ');
    expect(summary(r.match('DELETE', '/assets/a%20b/c'))).toBe('delete-newest {"path":"a b/c"} ');
  });
});

describe('the konifer-assets router', () => {
  const konifer = documents['konifer-assets'];
  const k = createRouter(konifer, readOperations(konifer));

  it.each([
    ['POST', '/assets/users/123/profile-picture', 'store-asset {"path":"users/123/profile-picture"} '],
    ['DELETE', '/assets/users/123', 'delete-assets {"path":"users/123"} '],
    ['GET', '/assets/users/123/-/metadata', 'get-metadata {"path":"users/123"} '],
    ['GET', '/assets/users/-/new/metadata', 'get-new-metadata {"path":"users"} '],
    ['GET', '/assets/users/-/modified/metadata', 'get-modified-metadata {"path":"users"} '],
    ['GET', '/assets/users/123/-/entry/4/metadata', 'get-entry-metadata {"entryId":"4","path":"users/123"} '],
    ['PUT', '/assets/users/123/-/entry/0', 'update-asset {"entryId":"0","path":"users/123"} '],
    ['DELETE', '/assets/users/123/-/entry/0', 'delete-entry {"entryId":"0","path":"users/123"} '],
    ['DELETE', '/assets/users/-/recursive', 'delete-recursive {"path":"users"} '],
    ['GET', '/assets/users/123', '405 POST,DELETE'],
    ['PATCH', '/assets/users/123/-/entry/0', '405 PUT,DELETE,POST'],
    ['GET', '/assets', '404'],
    ['GET', '/v2/assets/x', '404'],
  ])('%s %s → %s', (method, path, want) => {
    expect(summary(k.match(method, path))).toBe(want);
  });

  it('is served at the root', () => {
    expect(k.basePaths).toEqual(['']);
  });
});
