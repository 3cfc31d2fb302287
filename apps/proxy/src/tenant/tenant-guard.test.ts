import { type Sandbox, startSandbox } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CANARY_TOKEN,
  forwarded,
  KEYS,
  KONIFER_KEY,
  koniferEnv,
  OTHER_SITE,
  startProxy,
  startStack,
  type TestProxy,
} from '../../test/harness.js';
import { loadConfig } from '../config.js';
import { startProxy as startRealProxy } from '../start-proxy.js';

const JSON_TYPE = { 'content-type': 'application/json' };
const HASH = 'd41d8cd98f00b204e9800998ecf8427e';
/** An id no site has. */
const MISSING = '0123456789abcdef01234567';

// The upstream token reaches two sites, as an OAuth app's token does; KEYS.siteBound may act on
// the first only. The second site's ids are what a key bound to the first must learn nothing of.
describe('a key bound to one site, with an upstream token that reaches two', () => {
  let sandbox: Sandbox;
  let proxy: TestProxy;
  let ownSite: string;
  const foreignSite = OTHER_SITE;

  const call = async (key: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${proxy.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : JSON_TYPE) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.text() };
  };
  const created = async (path: string, body: unknown) =>
    (JSON.parse((await call(KEYS.writer, 'POST', path, body)).body) as { id: string }).id;
  const foreignAsset = () => created(`/v2/sites/${foreignSite}/assets`, { fileName: 'theirs.png', fileHash: HASH });

  beforeAll(async () => {
    sandbox = await startSandbox({
      rateLimitPerMinute: 100_000,
      extraTokens: [
        {
          token: CANARY_TOKEN,
          scopes: ['assets:read', 'assets:write'],
          siteIds: ['65f0a1b2c3d4e5f6a7b8c9d0', OTHER_SITE],
        },
      ],
    });
    ownSite = sandbox.siteId;
    proxy = await startProxy(sandbox.url, {}, ownSite);
  });
  afterAll(async () => {
    await proxy.close();
    await sandbox.close();
  });

  // Found in review: another site's asset or folder got a 403 and a missing one a 404, so any id
  // could be tested for being another site's (the sandbox, like Webflow, answers both alike).
  it('gets the same 404 for another site’s asset or folder as for an id no site has, and no write is sent', async () => {
    const asset = await foreignAsset();
    const folder = await created(`/v2/sites/${foreignSite}/asset_folders`, { displayName: 'theirs' });
    const cases: [string, string, (id: string) => string, string, unknown?][] = [
      ['get an asset', 'GET', (id) => `/v2/assets/${id}`, asset],
      ['get an asset (beta, upper case)', 'GET', (id) => `/beta/assets/${id.toUpperCase()}`, asset],
      ['HEAD an asset', 'HEAD', (id) => `/v2/assets/${id}`, asset],
      ['get a folder', 'GET', (id) => `/v2/asset_folders/${id}`, folder],
      ['HEAD a folder', 'HEAD', (id) => `/v2/asset_folders/${id}`, folder],
      ['patch an asset', 'PATCH', (id) => `/v2/assets/${id}`, asset, { displayName: 'mine now' }],
      ['delete an asset', 'DELETE', (id) => `/beta/assets/${id.toUpperCase()}`, asset],
    ];
    sandbox.requests.clear();
    for (const [name, method, path, id, body] of cases) {
      const theirs = await call(KEYS.siteBound, method, path(id), body);
      const none = await call(KEYS.siteBound, method, path(MISSING), body);
      expect([name, theirs]).toEqual([name, none]);
      expect([name, theirs.status]).toEqual([name, 404]);
      expect(theirs.body).not.toContain(foreignSite);
    }
    expect(forwarded(sandbox).filter((line) => !line.startsWith('GET '))).toEqual([]);
    const still = JSON.parse((await call(KEYS.writer, 'GET', `/v2/assets/${asset}`)).body);
    expect(still).toMatchObject({ id: asset, displayName: expect.not.stringContaining('mine now') });
  });

  // Found in review: only a read's successful answer was checked, so an error about another site's
  // asset was passed on: a localeId that is not one of its site's was answered 400 listing that
  // site's locales (and told the asset exists).
  it.each([
    ['v2', '/v2', 'localeId'],
    ['beta', '/beta', 'locale'],
  ])(
    'answers a read of another site’s asset with a bad locale (%s) as one of a missing asset',
    async (_, base, param) => {
      const query = `?${param}=${MISSING}`;
      const asset = await foreignAsset();
      sandbox.requests.clear();
      const theirs = await call(KEYS.siteBound, 'GET', `${base}/assets/${asset}${query}`);
      const none = await call(KEYS.siteBound, 'GET', `${base}/assets/${MISSING}${query}`);
      expect(theirs).toEqual(none);
      expect(theirs.status).toBe(404);
      expect(theirs.body).not.toContain('locale');
      // The error sent the proxy to learn the asset's site (a GET without the query); known now, it
      // is not asked again.
      expect(await call(KEYS.siteBound, 'GET', `${base}/assets/${asset}${query}`)).toEqual(none);
      expect(forwarded(sandbox).filter((line) => line.includes(asset))).toEqual([
        `GET ${base}/assets/${asset}${query}`,
        `GET ${base}/assets/${asset}`,
        `GET ${base}/assets/${asset}${query}`,
      ]);
    },
  );

  // Not the proxy's check: a folder named in a body or a query is another resource, whose site the
  // upstream checks against the site in the path (Webflow's folders belong to one site). Kept here
  // because the proxy relies on it: a key bound to its site must not file into, or list, another's.
  it('gets the 404 of a missing folder for another site’s folder as parentFolder or folderId, and nothing is made', async () => {
    const folder = await created(`/v2/sites/${foreignSite}/asset_folders`, { displayName: 'theirs' });
    const ownLists = async () =>
      Promise.all(
        ['assets', 'asset_folders'].map(
          async (kind) => (await call(KEYS.writer, 'GET', `/v2/sites/${ownSite}/${kind}`)).body,
        ),
      );
    const before = await ownLists();
    for (const [method, path, body] of [
      ['POST', `/v2/sites/${ownSite}/assets`, { fileName: 'sneaky.png', fileHash: HASH, parentFolder: '%s' }],
      ['POST', `/v2/sites/${ownSite}/asset_folders`, { displayName: 'sneaky', parentFolder: '%s' }],
      ['GET', `/v2/sites/${ownSite}/assets?folderId=%s`, undefined],
    ] as const) {
      const naming = (id: string) => (body === undefined ? undefined : { ...body, parentFolder: id });
      const theirs = await call(KEYS.siteBound, method, path.replace('%s', folder), naming(folder));
      const none = await call(KEYS.siteBound, method, path.replace('%s', MISSING), naming(MISSING));
      expect([method, path, theirs]).toEqual([method, path, none]);
      expect(theirs.status).toBe(404);
    }
    expect(await ownLists()).toEqual(before);
    expect(JSON.parse((await call(KEYS.writer, 'GET', `/v2/asset_folders/${folder}`)).body).assets).toEqual([]);
  });

  it('still passes on an upstream error about its own site’s asset', async () => {
    const asset = await created(`/v2/sites/${ownSite}/assets`, { fileName: 'mine.png', fileHash: HASH });
    const res = await call(KEYS.siteBound, 'GET', `/v2/assets/${asset}?localeId=${MISSING}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({
      code: 'validation_error',
      details: [expect.objectContaining({ field: 'localeId' })],
    });
  });
});

// Found in review: a read whose operation names no site (no marked path parameter, no marked
// property in its answer) was forwarded and passed on to a key held to sites, while such a write
// was refused. Konifer's spec marks no site at all (configuration refuses "sites" for it, so the
// key's sites are set here past it): it stands for an operation added to a spec without a marker.
describe('a key held to sites, calling operations whose site cannot be known', () => {
  it('is refused reads as well as writes, with a 403 saying why, and nothing is sent', async () => {
    const stack = await startStack(koniferEnv());
    const config = loadConfig({ PORT: '0', UPSTREAM_URL: stack.sandbox.url, LOG_LEVEL: 'silent', ...koniferEnv() });
    const keys = config.auth.keys.map((key) => ({ ...key, sites: ['tenant-a'] }));
    const proxy = await startRealProxy({ config: { ...config, auth: { ...config.auth, keys } } });
    try {
      stack.sandbox.requests.clear();
      for (const [method, path] of [
        ['GET', '/assets/users/123/-/metadata'],
        ['HEAD', '/assets/users/123/-/metadata'],
        ['DELETE', '/assets/users/123'],
      ] as const) {
        const res = await fetch(`${proxy.url}${path}`, { method, headers: { authorization: `Bearer ${KONIFER_KEY}` } });
        expect([method, res.status]).toEqual([method, 403]);
        if (method !== 'HEAD') {
          expect(await res.json()).toMatchObject({
            message: 'Forbidden: the site of this resource cannot be verified for a site-restricted key',
          });
        }
      }
      expect(stack.sandbox.requests.entries()).toEqual([]);
    } finally {
      await proxy.close();
      await stack.close();
    }
  });
});
