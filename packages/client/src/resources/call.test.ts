import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../test/local-server.js';
import { type AssetsClient, AssetsResponseValidationError, createAssetsClient } from '../index.js';

// Answers the sandbox never gives (a success without a body, or with `null`), from a real HTTP
// server on an ephemeral port that also counts what reaches it: every request gets a 200 with
// content-type JSON and `body` (none unless a test sets one), framed by `content-length` or
// chunked; a DELETE gets `deleteStatus` with no body.
let local: LocalServer;
let baseUrl = '';
let deleteStatus = 204;
let framing: 'content-length' | 'chunked' = 'content-length';
let body = '';
const received: IncomingMessage[] = [];

beforeAll(async () => {
  local = await startLocalServer((req, res) => {
    received.push(req);
    req.resume();
    if (req.method === 'DELETE') {
      res.writeHead(deleteStatus).end();
      return;
    }
    const length = framing === 'content-length' ? { 'content-length': String(Buffer.byteLength(body)) } : {};
    res.writeHead(200, { 'content-type': 'application/json', ...length }).end(body);
  });
  baseUrl = local.baseUrl;
});

afterAll(() => local.close());

beforeEach(() => {
  received.length = 0;
  deleteStatus = 204;
  framing = 'content-length';
  body = '';
});

const SITE = '65f0a1b2c3d4e5f6a7b8c9d0';
const ID = '65f0a1b2c3d4e5f6a7b8c9ff';
const client = (): AssetsClient => createAssetsClient({ baseUrl, token: 't', retry: false });

type Call = (client: AssetsClient) => Promise<unknown>;
const HASH = 'd41d8cd98f00b204e9800998ecf8427e';

describe('call: an empty success body', () => {
  // Found in review: openapi-fetch returns data: undefined for content-length: 0, so
  // client.assets.get(id) resolved undefined, typed as an Asset, unless validateResponses was on.
  it.each<[string, Call]>([
    ['list-assets', (c) => c.assets.list(SITE)],
    ['get-asset', (c) => c.assets.get(ID)],
    ['patch-asset', (c) => c.assets.update(ID, { displayName: 'x' })],
    ['create-asset', (c) => c.assets.create(SITE, { fileName: 'a.png', fileHash: HASH })],
    ['list-asset-folders', (c) => c.folders.list(SITE)],
    ['get-asset-folder', (c) => c.folders.get(ID)],
    ['create-asset-folder', (c) => c.folders.create(SITE, { displayName: 'x' })],
  ])('is an AssetsResponseValidationError for %s, which answers with JSON', async (operationId, run) => {
    const error = await run(client()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssetsResponseValidationError);
    expect(error).toMatchObject({ operationId, status: 200 });
    expect((error as Error).message).toMatch(/response\.body \(root\): the body is empty/);
  });

  it('is the same error when the empty body comes chunked', async () => {
    framing = 'chunked';
    const wire: Array<string | null> = [];
    const observing = createAssetsClient({
      baseUrl,
      token: 't',
      retry: false,
      fetch: async (request) => {
        const response = await fetch(request);
        wire.push(response.headers.get('transfer-encoding'));
        return response;
      },
    });
    const error = await observing.assets.get(ID).catch((e: unknown) => e);
    expect(wire).toEqual(['chunked']);
    expect(error).toBeInstanceOf(AssetsResponseValidationError);
    expect((error as Error).message).toMatch(/the body is empty/);
  });

  it.each([204, 200])('is what delete-asset answers (%i): it resolves to undefined', async (status) => {
    deleteStatus = status;
    await expect(client().assets.delete(ID)).resolves.toBeUndefined();
    expect(received).toHaveLength(1);
  });
});

describe('call: a success body that is JSON but no object', () => {
  // Found in review: with validateResponses off, openapi-fetch parsed `null` and the call resolved
  // null, typed as an Asset; only an empty or non-JSON body was an error.
  it.each<[string, Call]>([
    ['list-assets', (c) => c.assets.list(SITE)],
    ['get-asset', (c) => c.assets.get(ID)],
    ['patch-asset', (c) => c.assets.update(ID, { displayName: 'x' })],
    ['create-asset-folder', (c) => c.folders.create(SITE, { displayName: 'x' })],
  ])('is an AssetsResponseValidationError for %s, which answers with an object', async (operationId, run) => {
    body = 'null';
    const error = await run(client()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssetsResponseValidationError);
    expect(error).toMatchObject({ operationId, status: 200 });
    expect((error as Error).message).toMatch(/response\.body \(root\): the body is null, an object was expected/);
  });

  it.each([
    ['42', 'a number (42)'],
    ['"x"', 'a string ("x")'],
    ['true', 'a boolean (true)'],
    ['[]', 'an array'],
  ])('and so is a body of %s: %s', async (sent, kind) => {
    body = sent;
    const error = await client()
      .assets.get(ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssetsResponseValidationError);
    expect((error as Error).message).toContain(`the body is ${kind}, an object was expected`);
  });

  it('is an AssetsResponseValidationError with validateResponses too (the schema refuses it)', async () => {
    body = 'null';
    const validating = createAssetsClient({ baseUrl, token: 't', retry: false, validateResponses: true });
    await expect(validating.assets.get(ID)).rejects.toBeInstanceOf(AssetsResponseValidationError);
  });
});

describe('call: the per-call timeoutMs', () => {
  // Found in review: -5 or NaN silently meant "no timeout" (only timeoutMs > 0 started a timer),
  // where the client-wide option refuses them; above 2^31 − 1 ms setTimeout fired after ~1 ms.
  it.each([
    ['a negative value', -5, 'got -5'],
    ['NaN', Number.NaN, 'got NaN'],
    ['Infinity', Number.POSITIVE_INFINITY, 'got Infinity'],
    ['a value above 2^31 − 1 ms', 2 ** 31, 'got 2147483648'],
    ['a string', '100', 'got "100"'],
  ])('refuses %s before sending anything', async (_name, timeoutMs, got) => {
    const error = await client()
      .assets.get(ID, { timeoutMs: timeoutMs as number })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/^get-asset: timeoutMs must be a number of ms from 0 to 2147483647/);
    expect((error as Error).message).toContain(got);
    expect(received).toHaveLength(0);
  });

  it('takes 0 (no timeout) and the maximum', async () => {
    await client().assets.delete(ID, { timeoutMs: 0 });
    await client().assets.delete(ID, { timeoutMs: 2_147_483_647 });
    expect(received).toHaveLength(2);
  });
});

describe('call: an answer about another asset or folder than the one asked for', () => {
  // Found in review: get(id) resolved with whatever object came back, so a server (or a cache in
  // front of it) answering with another asset handed the caller the wrong asset as the one asked for.
  const OTHER = '65f0a1b2c3d4e5f6a7b8c9aa';
  it.each<[string, Call]>([
    ['get-asset', (c) => c.assets.get(ID)],
    ['patch-asset', (c) => c.assets.update(ID, { displayName: 'x' })],
    ['get-asset-folder', (c) => c.folders.get(ID)],
  ])('is an AssetsResponseValidationError for %s', async (operationId, run) => {
    body = JSON.stringify({ id: OTHER, displayName: 'someone else' });
    const error = await run(client()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssetsResponseValidationError);
    expect(error).toMatchObject({ operationId, status: 200 });
    expect((error as AssetsResponseValidationError).violations).toEqual([
      expect.objectContaining({
        pointer: '/id',
        message: `must be the id asked for ("${ID}"), got "${OTHER}"`,
      }),
    ]);
  });

  it('is the same error when the id is missing', async () => {
    body = JSON.stringify({ displayName: 'no id' });
    const error = await client()
      .assets.get(ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssetsResponseValidationError);
    expect((error as Error).message).toContain(`/id: must be the id asked for ("${ID}"), got nothing`);
  });

  it('resolves the asset asked for', async () => {
    body = JSON.stringify({ id: ID, displayName: 'mine' });
    await expect(client().assets.get(ID)).resolves.toEqual({ id: ID, displayName: 'mine' });
  });

  // Found in review: ids are hex, in either case (the spec's ObjectId), and the sandbox answers
  // `get('6B14…')` with `"id": "6b14…"`: the same asset, refused as another one.
  it('resolves the asset asked for in upper case and answered in lower case', async () => {
    body = JSON.stringify({ id: ID, displayName: 'mine' });
    await expect(client().assets.get(ID.toUpperCase())).resolves.toEqual({ id: ID, displayName: 'mine' });
  });
});
