import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../test/local-server.js';
import { AssetsError, AssetsUploadError, createAssetsClient } from '../index.js';

// A real server that counts what reaches it: a refused option must be refused before anything is
// sent. It answers every request as the asked-for asset (folder) or an empty list.
let local: LocalServer;
let baseUrl = '';
let requests = 0;
const SITE = '65f0a1b2c3d4e5f6a7b8c9d0';
const ID = '65f0a1b2c3d4e5f6a7b8c9ff';

beforeAll(async () => {
  local = await startLocalServer((req, res) => {
    requests++;
    req.resume();
    if (req.method === 'DELETE') {
      res.writeHead(204).end();
      return;
    }
    const body = req.url?.includes('/sites/')
      ? { assets: [], assetFolders: [], pagination: { offset: 0, limit: 100, total: 0 }, id: ID }
      : { id: ID };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  baseUrl = local.baseUrl;
});

afterAll(() => local.close());

beforeEach(() => {
  requests = 0;
});

/** The client as JavaScript (or a cast) calls it: any arguments at all. */
type LooseMethod = (...args: unknown[]) => Promise<unknown> & AsyncIterable<unknown>;
type Loose = {
  assets: Record<'list' | 'iterate' | 'get' | 'update' | 'delete' | 'create' | 'upload', LooseMethod>;
  folders: Record<'list' | 'get' | 'create', LooseMethod>;
};
const client = (): Loose => createAssetsClient({ baseUrl, token: 't', retry: false }) as unknown as Loose;
const HASH = 'd41d8cd98f00b204e9800998ecf8427e';
const png = new Uint8Array([137, 80, 78, 71]);
/** Options as a class instance: its fields look like options, but it is no plain object. */
class CallSettings {
  constructor(readonly signal: AbortSignal) {}
}
const walk = async (iterator: AsyncIterable<unknown>) => {
  for await (const _ of iterator) {
    // nothing: only whether the walk starts matters
  }
};

describe('the options of a call', () => {
  // Found in review: a call's options were not checked for names. From JavaScript a misspelt one
  // went out as a query parameter (`?limt=5`, or `sigal` as the whole AbortSignal serialized into
  // the URL) or was dropped, and the default applied: 100 assets, not 5; an abort that never came.
  it.each([
    [
      'assets.list',
      (c: Loose) => c.assets.list(SITE, { limt: 5 }),
      'list-assets: unknown option "limt"; did you mean "limit"?',
    ],
    [
      'assets.list',
      (c: Loose) => c.assets.list(SITE, { sigal: new AbortController().signal }),
      'list-assets: unknown option "sigal"; did you mean "signal"?',
    ],
    [
      'assets.get',
      (c: Loose) => c.assets.get(ID, { localeid: SITE }),
      'get-asset: unknown option "localeid"; did you mean "localeId"?',
    ],
    [
      'assets.update',
      (c: Loose) => c.assets.update(ID, { displayName: 'x' }, { timeout: 5 }),
      'patch-asset: unknown option "timeout"; did you mean "timeoutMs"?',
    ],
    [
      'assets.delete',
      (c: Loose) => c.assets.delete(ID, { sigal: new AbortController().signal }),
      'delete-asset: unknown option "sigal"; did you mean "signal"?',
    ],
    [
      'assets.create',
      (c: Loose) => c.assets.create(SITE, { fileName: 'a.png', fileHash: HASH }, { limit: 1 }),
      'create-asset: unknown option "limit" (the options are signal, timeoutMs)',
    ],
    [
      'folders.list',
      (c: Loose) => c.folders.list(SITE, { limit: 10 }),
      'list-asset-folders: unknown option "limit" (the options are signal, timeoutMs)',
    ],
    [
      'folders.get',
      (c: Loose) => c.folders.get(ID, { signl: new AbortController().signal }),
      'get-asset-folder: unknown option "signl"; did you mean "signal"?',
    ],
    [
      'folders.create',
      (c: Loose) => c.folders.create(SITE, { displayName: 'x' }, { retry: false }),
      'create-asset-folder: unknown option "retry" (an option of createAssetsClient, not of a call)',
    ],
    [
      'assets.iterate',
      (c: Loose) => walk(c.assets.iterate(SITE, { pagesize: 5 })),
      'assets.iterate: unknown option "pagesize"; did you mean "pageSize"?',
    ],
    [
      'assets.iterate',
      (c: Loose) => walk(c.assets.iterate(SITE, { limit: 5 })),
      'assets.iterate: unknown option "limit" (the options are folderId, localeId, pageSize, signal, timeoutMs)',
    ],
    [
      'assets.list',
      (c: Loose) => c.assets.list(SITE, null),
      'list-assets: options must be an object { signal, timeoutMs, … }, got null',
    ],
    [
      'assets.get',
      (c: Loose) => c.assets.get(ID, 'localeId'),
      'get-asset: options must be an object { signal, timeoutMs, … }, got "localeId"',
    ],
    [
      'assets.list',
      (c: Loose) => c.assets.list(SITE, { signal: 'abort' }),
      'list-assets: signal must be an AbortSignal, got "abort"',
    ],
    // Found in review: a query option set to null was not sent (openapi-fetch leaves null out), so
    // the call went as without it: the primary locale's alt text read or overwritten, and
    // `folderId: asset.folderId` of an asset at the root (null) listed every folder's assets.
    [
      'assets.update',
      (c: Loose) => c.assets.update(ID, { altText: 'x' }, { localeId: null }),
      'patch-asset: localeId is null, which is not sent: the call would go as without it; leave it out or give a value',
    ],
    [
      'assets.get',
      (c: Loose) => c.assets.get(ID, { localeId: null }),
      'get-asset: localeId is null, which is not sent: the call would go as without it; leave it out or give a value',
    ],
    [
      'assets.list',
      (c: Loose) => c.assets.list(SITE, { folderId: null, limit: null }),
      'list-assets: limit is null, which is not sent: the call would go as without it; leave it out or give a value; folderId is null, which is not sent: the call would go as without it; leave it out or give a value',
    ],
    [
      'assets.iterate',
      (c: Loose) => walk(c.assets.iterate(SITE, { localeId: null })),
      'assets.iterate: localeId is null, which is not sent: the call would go as without it; leave it out or give a value',
    ],
    [
      'assets.list',
      (c: Loose) => c.assets.list(SITE, { limt: 5, sigal: 1 }),
      'list-assets: unknown option "limt"; did you mean "limit"?; unknown option "sigal"; did you mean "signal"?',
    ],
    // Found in review: options that are an object but no plain one counted as empty options (a
    // Map has no own names to check): the query, signal and timeoutMs in it were dropped silently.
    [
      'assets.list',
      (c: Loose) => c.assets.list(SITE, new Map([['limit', 5]])),
      'list-assets: options must be a plain object { signal, timeoutMs, … }, got a Map',
    ],
    [
      'assets.get',
      (c: Loose) => c.assets.get(ID, new Date()),
      'get-asset: options must be a plain object { signal, timeoutMs, … }, got a Date',
    ],
    [
      'assets.delete',
      (c: Loose) => c.assets.delete(ID, new CallSettings(new AbortController().signal)),
      'delete-asset: options must be a plain object { signal, timeoutMs, … }, got a CallSettings',
    ],
    [
      'assets.list',
      (c: Loose) => c.assets.list(SITE, [{ limit: 5 }]),
      'list-assets: options must be an object { signal, timeoutMs, … }, got an array',
    ],
    [
      'assets.iterate',
      (c: Loose) => walk(c.assets.iterate(SITE, new Map([['pageSize', 5]]))),
      'assets.iterate: options must be a plain object { signal, timeoutMs, … }, got a Map',
    ],
    // Found in review: with a bad id and bad options, only the options were reported; once they
    // were put right, the call was refused again for the id.
    [
      'assets.get',
      (c: Loose) => c.assets.get(` ${ID}`, { locale: 'fr' }),
      `get-asset: needs assetId without spaces or line breaks; got " ${ID}"; unknown option "locale" (the options are localeId, signal, timeoutMs)`,
    ],
    [
      'assets.update',
      (c: Loose) => c.assets.update('', { alttext: 'x' }, new Map()),
      'patch-asset: needs assetId, a non-empty id string; got ""; options must be a plain object { signal, timeoutMs, … }, got a Map; unknown body field "alttext"; did you mean "altText"?',
    ],
    [
      'folders.list',
      (c: Loose) => c.folders.list(undefined, { limit: 10 }),
      'list-asset-folders: needs siteId, a non-empty id string; got undefined; unknown option "limit" (the options are signal, timeoutMs)',
    ],
    [
      'folders.get',
      (c: Loose) => c.folders.get(`${ID}\n`, new Date()),
      `get-asset-folder: needs folderId without spaces or line breaks; got "${ID}\\n"; options must be a plain object { signal, timeoutMs, … }, got a Date`,
    ],
    [
      'folders.create',
      (c: Loose) => c.folders.create(' ', { name: 'x' }, { timeout: 5 }),
      'create-asset-folder: needs siteId, a non-empty id string; got " "; unknown option "timeout"; did you mean "timeoutMs"?; unknown body field "name" (the body fields are displayName, parentFolder)',
    ],
    // Found in review: assets.iterate checked its options, and the siteId only at its first page.
    [
      'assets.iterate',
      (c: Loose) => walk(c.assets.iterate(' ', { pageSze: 5 })),
      'assets.iterate: needs siteId, a non-empty id string; got " "; unknown option "pageSze"; did you mean "pageSize"?',
    ],
  ])('%s rejects with a TypeError before sending (case %#)', async (_method, run, message) => {
    const error = await Promise.resolve()
      .then(() => run(client()))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(message);
    expect(requests).toBe(0);
  });

  it("keeps a bad id alone an AssetsError, and the cause of the options' error when they are wrong too", async () => {
    const alone = await client()
      .assets.get(` ${ID}`)
      .catch((e: unknown) => e);
    expect(alone).toBeInstanceOf(AssetsError);
    expect(alone).not.toBeInstanceOf(TypeError);
    expect((alone as Error).message).toBe(`get-asset needs assetId without spaces or line breaks; got " ${ID}"`);
    const both = await client()
      .assets.get(` ${ID}`, { timeoutMs: -1 })
      .catch((e: unknown) => e);
    expect(both).toBeInstanceOf(RangeError);
    expect((both as Error).message).toMatch(
      /^get-asset: needs assetId without spaces or line breaks; got " \w+"; timeoutMs /,
    );
    expect((both as Error).cause).toBeInstanceOf(AssetsError);
    expect(((both as Error).cause as Error).message).toBe((alone as Error).message);
    expect(requests).toBe(0);
  });

  // Found in review: assets.iterate reported a pageSize out of range alone, and the siteId only
  // once that was put right.
  it('assets.iterate reports a bad siteId with a pageSize out of range in the RangeError, as its cause', async () => {
    const alone = await walk(client().assets.iterate('')).catch((e: unknown) => e);
    expect(alone).toBeInstanceOf(AssetsError);
    expect((alone as Error).message).toBe('list-assets needs siteId, a non-empty id string; got ""');
    const both = await walk(client().assets.iterate('', { pageSize: 0 })).catch((e: unknown) => e);
    expect(both).toBeInstanceOf(RangeError);
    expect((both as Error).message).toBe(
      'assets.iterate: needs siteId, a non-empty id string; got ""; pageSize must be an integer from 1 to 100, got 0',
    );
    expect((both as Error).cause).toBeInstanceOf(AssetsError);
    expect(((both as Error).cause as Error).message).toBe((alone as Error).message);
    expect(requests).toBe(0);
  });

  // Found in review: upload checked its options and input first, and the siteId only at step
  // create, after the whole file had been read and hashed (a stream consumed for nothing).
  it.each(['', ' ', `${SITE}\r\n`, undefined])(
    'assets.upload refuses siteId %j as step create before reading a byte of the file',
    async (siteId) => {
      let pulls = 0;
      const data = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            pulls++;
            controller.enqueue(png);
            if (pulls === 3) {
              controller.close();
            }
          },
          // No eager pull to fill a queue: every pull is the client reading the file.
        },
        { highWaterMark: 0 },
      );
      const error = await client()
        .assets.upload(siteId, { data, fileName: 'a.png' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AssetsUploadError);
      expect(error).toMatchObject({ step: 'create', assetId: undefined });
      const cause = (error as AssetsUploadError).cause;
      expect(cause).toBeInstanceOf(AssetsError);
      expect((cause as Error).message).toMatch(/^create-asset needs siteId/);
      expect(pulls).toBe(0);
      expect(requests).toBe(0);
    },
  );

  it.each([
    [
      'a misspelt option',
      (c: Loose) => c.assets.upload('', { data: png, fileName: 'a.png' }, { sigal: new AbortController().signal }),
      TypeError,
      'needs siteId, a non-empty id string; got ""; unknown option "sigal"; did you mean "signal"?',
    ],
    [
      'a misspelt input field',
      (c: Loose) => c.assets.upload(' ', { data: png, fileName: 'a.png', parentfolder: ID }),
      TypeError,
      'needs siteId, a non-empty id string; got " "; unknown field "parentfolder"; did you mean "parentFolder"?',
    ],
    [
      'a timeoutMs out of range',
      (c: Loose) => c.assets.upload(`${SITE}\n`, { data: png, fileName: 'a.png' }, { timeoutMs: -1 }),
      RangeError,
      `needs siteId without spaces or line breaks; got "${SITE}\\n"; timeoutMs must be a number of ms from 0 to 2147483647`,
    ],
  ])(
    'assets.upload reports a bad siteId with %s as step read, the id first and its AssetsError as the cause',
    async (_name, run, type, message) => {
      const error = await run(client()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AssetsUploadError);
      expect(error).toMatchObject({ step: 'read' });
      const cause = (error as AssetsUploadError).cause as Error;
      expect(cause).toBeInstanceOf(type);
      expect(cause.message.startsWith(message)).toBe(true);
      expect(cause.cause).toBeInstanceOf(AssetsError);
      expect((cause.cause as Error).message).toMatch(/^create-asset needs siteId/);
      expect(requests).toBe(0);
    },
  );

  it.each([
    [
      'a misspelt option',
      (c: Loose) => c.assets.upload(SITE, { data: png, fileName: 'a.png' }, { sigal: new AbortController().signal }),
      'unknown option "sigal"; did you mean "signal"?',
    ],
    [
      'a misspelt input field',
      (c: Loose) => c.assets.upload(SITE, { data: png, fileName: 'a.png', parentfolder: ID }),
      'unknown field "parentfolder"; did you mean "parentFolder"?',
    ],
    [
      'a misspelt option and a misspelt input field at once',
      (c: Loose) =>
        c.assets.upload(
          SITE,
          { data: png, fileName: 'a.png', parentfolder: ID },
          { sigal: new AbortController().signal },
        ),
      'unknown option "sigal"; did you mean "signal"?; unknown field "parentfolder"; did you mean "parentFolder"?',
    ],
  ])('assets.upload refuses %s as step read, before any request', async (_name, run, message) => {
    const error = await run(client()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssetsUploadError);
    expect(error).toMatchObject({ step: 'read' });
    expect((error as AssetsUploadError).cause).toBeInstanceOf(TypeError);
    expect(((error as AssetsUploadError).cause as Error).message).toBe(message);
    expect(requests).toBe(0);
  });

  it('takes every option a method documents, and known ones set to undefined', async () => {
    const signal = new AbortController().signal;
    const c = client();
    await c.assets.list(SITE, { offset: 0, limit: 5, folderId: ID, localeId: ID, signal, timeoutMs: 1000 });
    await c.assets.get(ID, { localeId: ID, signal: undefined, timeoutMs: undefined });
    await c.assets.update(ID, { displayName: 'x' }, { localeId: ID, signal });
    await c.assets.delete(ID, { signal, timeoutMs: 0 });
    await c.assets.create(SITE, { fileName: 'a.png', fileHash: HASH }, { signal });
    await c.folders.list(SITE, { signal });
    await c.folders.get(ID, {});
    await c.folders.create(SITE, { displayName: 'x' }, undefined);
    await walk(c.assets.iterate(SITE, { folderId: ID, localeId: ID, pageSize: 5, signal, timeoutMs: 1000 }));
    expect(requests).toBe(9);
  });
});
