import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validAsset } from '../../test/fixtures.js';
import { startStaticServer } from '../../test/static-server.js';
import { installMatchers } from './to-match-operation.js';

const headers = { 'content-type': 'application/json', 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59' };
let server: Awaited<ReturnType<typeof startStaticServer>>;

beforeAll(async () => {
  installMatchers();
  const broken = validAsset();
  (broken.variants as Record<string, unknown>[])[0] = { ...(broken.variants as object[])[0], height: '500' };
  server = await startStaticServer({
    '/ok': { status: 200, headers, body: JSON.stringify(validAsset()) },
    '/broken': { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(broken) },
  });
});
afterAll(() => server.close());

describe('toMatchOperation', () => {
  it('passes for a response that matches the operation', async () => {
    await expect(await fetch(`${server.url}/ok`)).toMatchOperation('get-asset');
  });

  it('fails with a message that lists every pointer', async () => {
    const response = await fetch(`${server.url}/broken`);
    await expect(expect(response).toMatchOperation('get-asset')).rejects.toThrow(
      /response\.header \/x-ratelimit-limit: required header[\s\S]*response\.body \/variants\/0\/height: must be integer or null, got string "500"/,
    );
  });

  it('supports .not', async () => {
    await expect(await fetch(`${server.url}/broken`)).not.toMatchOperation('get-asset');
  });
});
