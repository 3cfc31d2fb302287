import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { koniferClient, makeImage, storeForm } from '../../test/konifer-helpers.js';
import { type Sandbox, startSandbox } from '../index.js';

describe('the Konifer-compatible API', () => {
  let sandbox: Sandbox;
  const konifer = () => koniferClient(sandbox);
  let png: Buffer;

  beforeAll(async () => {
    sandbox = await startSandbox();
    png = await makeImage(64, 48);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const store = (path: string, metadata: unknown = {}, bytes: Uint8Array = png) =>
    konifer().call('POST', `/assets/${path}`, { form: storeForm(metadata, bytes) });

  it('stores a multipart upload: 201, Location, entryId 0, the real size and format of the image', async () => {
    const res = await store('store/one', { alt: 'A logo', labels: { team: 'web' }, tags: ['logo', 'logo', 'svg'] });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`${sandbox.url}/assets/store/one/-/entry/0`);
    expect(res.body).toMatchObject({
      class: 'image',
      alt: 'A logo',
      entryId: 0,
      labels: { team: 'web' },
      tags: ['logo', 'svg'],
      source: 'upload',
      variants: [
        { isOriginalVariant: true, attributes: { width: 64, height: 48, format: 'png', pageCount: 1, loop: 0 } },
      ],
    });
    expect(res.body.variants[0].storeKey).toMatch(/^[0-9a-f-]{36}\.png$/);
    expect(res.body.createdAt).toBe(res.body.modifiedAt);
  });

  it.each([
    ['jpeg', 'jpg'],
    ['webp', 'webp'],
    ['gif', 'gif'],
  ] as const)('reads a %s upload as format %s, whatever the part is called', async (format, want) => {
    const bytes = await makeImage(30, 20, format);
    const res = await konifer().call('POST', `/assets/formats/${format}`, { form: storeForm({}, bytes, 'x.png') });
    expect(res.status).toBe(201);
    expect(res.body.variants[0].attributes).toMatchObject({ width: 30, height: 20, format: want });
  });

  it('counts entryId per path from 0 and never reuses one after a delete', async () => {
    const ids = [];
    for (const path of ['count/a', 'count/a', 'count/b', 'count/a']) {
      ids.push((await store(path)).body.entryId);
    }
    expect(ids).toEqual([0, 1, 0, 2]);
    expect((await konifer().call('DELETE', '/assets/count/a/-/entry/2')).status).toBe(204);
    expect((await store('count/a')).body.entryId).toBe(3);
  });

  it('fetches the newest by default, an array with limit ≠ 1, one entry, and 404 with no body', async () => {
    await store('fetch/p', { alt: 'first' });
    await store('fetch/p', { alt: 'second' });
    expect((await konifer().call('GET', '/assets/fetch/p/-/metadata')).body).toMatchObject({
      entryId: 1,
      alt: 'second',
    });
    expect((await konifer().call('GET', '/assets/fetch/p/-/new/metadata')).body.entryId).toBe(1);
    const all = await konifer().call('GET', '/assets/fetch/p/-/metadata', { query: 'limit=-1' });
    expect(all.body.map((a: { entryId: number }) => a.entryId)).toEqual([1, 0]);
    const two = await konifer().call('GET', '/assets/fetch/p/-/metadata', { query: 'limit=5' });
    expect(two.body).toHaveLength(2);
    expect((await konifer().call('GET', '/assets/fetch/p/-/entry/0/metadata')).body.alt).toBe('first');
    const missing = await konifer().call('GET', '/assets/fetch/p/-/entry/9/metadata');
    expect([missing.status, missing.text]).toEqual([404, '']);
    const none = await konifer().call('GET', '/assets/fetch/nothing/-/metadata');
    expect([none.status, none.text]).toEqual([404, '']);
    expect((await konifer().call('GET', '/assets/fetch/nothing/-/metadata', { query: 'limit=-1' })).body).toEqual([]);
  });

  it('replaces the metadata wholesale on PUT: fields left out are erased, modifiedAt advances', async () => {
    const stored = (await store('put/p', { alt: 'Alt', labels: { a: '1', b: '2' }, tags: ['t'] })).body;
    const put = await konifer().call('PUT', '/assets/put/p/-/entry/0', { json: { tags: ['only'] } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ entryId: 0, labels: {}, tags: ['only'], createdAt: stored.createdAt });
    expect(put.body).not.toHaveProperty('alt');
    expect(put.body.modifiedAt > stored.modifiedAt).toBe(true);
    expect((await konifer().call('GET', '/assets/put/p/-/entry/0/metadata')).body).toEqual(put.body);
    const seed = { alt: 'Profile Picture', tags: ['headshot', 'team'], labels: { department: 'engineering' } };
    expect((await konifer().call('PUT', '/assets/put/p/-/entry/0', { json: seed })).body).toMatchObject(seed);
  });

  it('orders by modifiedAt with /-/modified/metadata', async () => {
    await store('order/p');
    await store('order/p');
    await konifer().call('PUT', '/assets/order/p/-/entry/0', { json: {} });
    expect((await konifer().call('GET', '/assets/order/p/-/modified/metadata')).body.entryId).toBe(0);
    expect((await konifer().call('GET', '/assets/order/p/-/new/metadata')).body.entryId).toBe(1);
  });

  it('filters by labels (exact, all of them; empty values ignored; label: prefix for reserved keys)', async () => {
    await store('labels/p', { labels: { dept: 'eng', w: 'wide' } });
    await store('labels/p', { labels: { dept: 'ops' } });
    const get = (query: string) => konifer().call('GET', '/assets/labels/p/-/metadata', { query });
    expect((await get('dept=eng')).body.entryId).toBe(0);
    expect((await get('dept=eng&label:w=wide')).body.entryId).toBe(0);
    expect((await get('dept=eng&other=')).body.entryId).toBe(0);
    expect((await get('dept=ops&label:w=wide')).status).toBe(404);
    expect((await get('limit=-1&dept=ops')).body.map((a: { entryId: number }) => a.entryId)).toEqual([1]);
  });

  // Found in review (through the proxy, which validated and forwarded it): a filter on the label
  // `__proto__` was assigned into a plain object, set its prototype and vanished, so the request
  // matched every asset at the path, and a delete with it deleted them all.
  it('filters by a label named __proto__ like any other, reading and deleting', async () => {
    await store('proto/p', { labels: JSON.parse('{"__proto__":"x"}') });
    await store('proto/p', { labels: { dept: 'eng' } });
    const ids = async (query: string) =>
      (await konifer().call('GET', '/assets/proto/p/-/metadata', { query: `limit=-1&${query}` })).body.map(
        (a: { entryId: number }) => a.entryId,
      );
    expect(await ids('__proto__=x')).toEqual([0]);
    expect(await ids('__proto__=nomatch')).toEqual([]);
    expect((await konifer().call('DELETE', '/assets/proto/p', { query: 'limit=-1&__proto__=nomatch' })).status).toBe(
      204,
    );
    expect(await ids('')).toEqual([1, 0]);
  });

  it('deletes the newest, all with limit=-1, by label, and recursively below a path (not its siblings)', async () => {
    for (const path of ['del/p', 'del/p', 'del/p', 'del/p/child', 'del/p/child/deeper', 'del/pp']) {
      await store(path, { labels: { keep: path === 'del/p/child' ? 'yes' : 'no' } });
    }
    const count = async (path: string) =>
      (await konifer().call('GET', `/assets/${path}/-/metadata`, { query: 'limit=-1' })).body.length;
    expect((await konifer().call('DELETE', '/assets/del/p')).status).toBe(204);
    expect(await count('del/p')).toBe(2);
    expect((await konifer().call('DELETE', '/assets/del/p', { query: 'limit=-1&keep=yes' })).status).toBe(204);
    expect(await count('del/p')).toBe(2);
    expect((await konifer().call('DELETE', '/assets/del/p/-/recursive', { query: 'keep=no' })).status).toBe(204);
    expect([
      await count('del/p'),
      await count('del/p/child'),
      await count('del/p/child/deeper'),
      await count('del/pp'),
    ]).toEqual([0, 1, 0, 1]);
    expect((await konifer().call('DELETE', '/assets/nothing/here/-/entry/3')).status).toBe(204);
  });

  const tooMany = (n: number, value = (i: number) => `v${i}`) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value(i)]));
  it.each([
    ['alt of 126', { alt: 'a'.repeat(126) }, 'Alt exceeds max length of 125'],
    ['51 labels', { labels: tooMany(51) }, 'Cannot have more than 50 labels'],
    ['a label key of 129', { labels: { ['k'.repeat(129)]: 'v' } }, 'Labels exceed max length of (128, 256)'],
    ['a label value of 257', { labels: { k: 'v'.repeat(257) } }, 'Labels exceed max length of (128, 256)'],
    ['51 tags', { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, 'Tags exceeds max length of 50'],
    ['a tag of 257', { tags: ['t'.repeat(257)] }, 'Tags exceeds max length of 256'],
  ])('refuses %s with Konifer’s message, on PUT and on store', async (_name, metadata, message) => {
    await store('limits/p');
    const put = await konifer().call('PUT', '/assets/limits/p/-/entry/0', { json: metadata });
    expect([put.status, put.body]).toEqual([400, { message }]);
    const stored = await store('limits/p', metadata);
    expect([stored.status, stored.body]).toEqual([400, { message }]);
  });

  it.each([
    ['no metadata part', storeForm(undefined, new Uint8Array([1])), 'No asset metadata supplied'],
    ['no asset part', storeForm({}, undefined), 'No asset payload supplied'],
  ])('answers a store with %s in plain text', async (_name, form, text) => {
    const res = await konifer().call('POST', '/assets/parts/p', { form });
    expect([res.status, res.headers.get('content-type'), res.text]).toEqual([400, 'text/plain; charset=utf-8', text]);
  });

  it.each([
    [
      'content that is not an image',
      'POST',
      '/assets/bad/p',
      { form: storeForm({}, new Uint8Array([1, 2, 3])) },
      'Not an image type',
    ],
    [
      'a PUT of a missing asset',
      'PUT',
      '/assets/bad/p/-/entry/7',
      { json: {} },
      'Asset not found with path: bad/p, entryId: 7',
    ],
    ['a path with a - segment', 'DELETE', '/assets/bad/-/p', {}, 'Invalid path: bad/-/p'],
    ['a path with a space', 'DELETE', '/assets/bad%20p', {}, 'Invalid path: bad p'],
    [
      'a recursive delete with limit 2',
      'DELETE',
      '/assets/bad/-/recursive',
      { query: 'limit=2' },
      'Cannot specify limit when performing recursive delete',
    ],
    [
      'a transformation on metadata',
      'GET',
      '/assets/bad/p/-/metadata',
      { query: 'w=100' },
      'Cannot specify image attributes when requesting asset metadata',
    ],
    [
      // Found in review: the pointer was /labels/dept, a name the caller never sent.
      'a repeated label filter, by the name sent',
      'GET',
      '/assets/bad/p/-/metadata',
      { query: 'dept=eng&dept=ops' },
      'query /dept: must be string, got an array of 2',
    ],
    [
      'a URL source',
      'POST',
      '/assets/bad/p',
      { json: { url: 'https://example.com/a.png' } },
      expect.stringContaining('URL sources are not allowed'),
    ],
    ['a negative entryId', 'DELETE', '/assets/bad/-/entry/-1', {}, expect.stringContaining('path /entryId')],
  ])('refuses %s with {message}', async (_name, method, path, options, message) => {
    const res = await konifer().call(method, path, options);
    expect(res.body).toEqual({ message });
    expect(res.status).toBe(path.includes('entry/7') ? 404 : 400);
  });

  it('answers an unknown route with an empty 404 and another method with 405 and Allow', async () => {
    const unknown = await fetch(`${sandbox.url}/assets`);
    expect([unknown.status, await unknown.text()]).toEqual([404, '']);
    const other = await fetch(`${sandbox.url}/assets/users/123`);
    expect([other.status, other.headers.get('allow')]).toEqual([405, 'POST, DELETE']);
  });

  it('logs Konifer requests in the request log', async () => {
    sandbox.requests.clear();
    await konifer().call('GET', '/assets/log/p/-/metadata', { query: 'a=b' });
    expect(sandbox.requests.entries()).toMatchObject([
      { method: 'GET', path: '/assets/log/p/-/metadata', query: 'a=b', operationId: 'get-metadata', status: 404 },
    ]);
  });
});
