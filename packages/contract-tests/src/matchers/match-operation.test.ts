import type { WebflowAssets } from '@assetkit/contract';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validAsset } from '../../test/fixtures.js';
import { startStaticServer } from '../../test/static-server.js';
import { matchOperation } from './match-operation.js';

const ASSET_ID = '63e5889e7fe4eafa7384cea4';
const headers = { 'content-type': 'application/json', 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59' };
const drifted = { ...validAsset(), size: 'big', extra: true };
let server: Awaited<ReturnType<typeof startStaticServer>>;

beforeAll(async () => {
  server = await startStaticServer({
    [`/v2/assets/${ASSET_ID}`]: { status: 200, headers, body: JSON.stringify(validAsset()) },
    '/v2/assets/0000000000000000000000b1': { status: 200, headers, body: JSON.stringify(drifted) },
    '/v2/assets/0000000000000000000000b2': { status: 202, headers, body: '{}' },
  });
});
afterAll(() => server.close());

describe('matchOperation', () => {
  it('passes a fetch Response that matches, and leaves its body readable', async () => {
    const response = await fetch(`${server.url}/v2/assets/${ASSET_ID}`);
    const result = await matchOperation(response, 'get-asset');
    expect(result).toMatchObject({ pass: true, status: 200, violations: [] });
    expect(await response.json()).toMatchObject({ id: ASSET_ID });
  });

  // Found in review: this was the platform's bare "Body has already been consumed".
  it('says what to do with a Response whose body was read already', async () => {
    const response = await fetch(`${server.url}/v2/assets/${ASSET_ID}`);
    await response.text();
    await expect(matchOperation(response, 'get-asset')).rejects.toThrow(
      'the Response was read already (its body is gone): match it before reading it, or pass { status: res.status, headers: res.headers, text }',
    );
  });

  // Found in review: following that advice with the Response's own Headers read as no headers at
  // all ("Content-Type is missing"), as Object.entries() of a Headers is empty.
  it('reads { status, headers, text } whose headers are a fetch Headers', async () => {
    const response = await fetch(`${server.url}/v2/assets/0000000000000000000000b1`);
    const text = await response.text();
    const result = await matchOperation({ status: response.status, headers: response.headers, text }, 'get-asset');
    expect(result.violations.map((v) => `${v.location} ${v.pointer}`)).toEqual(['response.body /size']);
  });

  it('lists every violation with location, pointer and schema path', async () => {
    const result = await matchOperation(await fetch(`${server.url}/v2/assets/0000000000000000000000b1`), 'get-asset');
    expect(result.pass).toBe(false);
    expect(result.message).toContain(
      'expected the get-asset response with status 200 to match the contract; 1 violation:',
    );
    expect(result.message).toContain(
      '  - response.body /size: must be integer, got string "big"  [#/components/schemas/Asset/properties/size/type]',
    );
  });

  it('also reports undocumented properties in strict mode', async () => {
    const response = await fetch(`${server.url}/v2/assets/0000000000000000000000b1`);
    const result = await matchOperation(response, 'get-asset', { strict: true });
    expect(result.violations.map((v) => v.pointer)).toEqual(['/size', '/extra']);
  });

  it('reads an openapi-fetch result, whose body the client already parsed', async () => {
    const client = createClient<WebflowAssets.paths>({ baseUrl: `${server.url}/v2` });
    const ok = await client.GET('/assets/{asset_id}', { params: { path: { asset_id: ASSET_ID } } });
    expect((await matchOperation(ok, 'get-asset')).pass).toBe(true);
    const bad = await client.GET('/assets/{asset_id}', { params: { path: { asset_id: '0000000000000000000000b2' } } });
    const result = await matchOperation(bad, 'get-asset');
    expect(result.violations).toEqual([expect.objectContaining({ location: 'response.status', keyword: 'status' })]);
  });

  it('reads a plain { status, headers, text } such as supertest gives', async () => {
    const result = await matchOperation({ status: 200, headers, text: JSON.stringify(drifted) }, 'get-asset');
    expect(result.violations.map((v) => v.pointer)).toEqual(['/size']);
  });

  it('names the known operations when given an unknown one', async () => {
    await expect(matchOperation({ status: 200, headers, body: {} }, 'get-assets')).rejects.toThrow(
      /no operation "get-assets" \(known: list-assets, create-asset/,
    );
  });

  // Found in review: a fetch not awaited (`expect(fetch(url)).toMatchOperation(…)`), null, or a
  // { status } without headers failed with "Cannot convert undefined or null to object" or
  // "Cannot use 'in' operator to search for 'response' in null".
  const accepted =
    'expected a fetch Response, an openapi-fetch result { data, error, response } or { status, headers, text | body }';
  it('says to await a fetch given before it answered', async () => {
    const pending = fetch(`${server.url}/v2/assets/${ASSET_ID}`);
    await expect(matchOperation(pending as never, 'get-asset')).rejects.toThrow(
      `${accepted}, got a Promise: await the fetch before matching its response`,
    );
    await (await pending).text();
  });

  it.each([
    ['null', null, 'got null'],
    ['a string', 'x', 'got string'],
    ['an object without headers', { status: 200, text: '{}' }, 'got an object whose headers are missing'],
    ['an object without status', { headers, text: '{}' }, 'got an object whose status is missing'],
  ])('says what it takes when given %s', async (_name, input, got) => {
    await expect(matchOperation(input as never, 'get-asset')).rejects.toThrow(`${accepted}, ${got}`);
  });
});
