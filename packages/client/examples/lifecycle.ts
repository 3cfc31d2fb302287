/**
 * An asset's whole life with `@assetkit/client`, written from the package README alone: upload a
 * real PNG, find it by iterating, rename it, set a localized alt text, delete it.
 *
 *   tsx examples/lifecycle.ts <baseUrl> <token> <siteId> <localeId>
 *   tsx examples/lifecycle.ts http://127.0.0.1:4010/v2 sandbox-token 65f0a1b2c3d4e5f6a7b8c9d0 65f0a1b2c3d4e5f6a7b8c9e2
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
// In an application this is `from '@assetkit/client'`; the source is imported so the example needs no build.
import { AssetsApiError, createAssetsClient } from '../src/index.js';

/** Where to run the lifecycle, and where to report each step. */
export interface LifecycleOptions {
  baseUrl: string;
  token: string;
  siteId: string;
  localeId: string;
  log?: (line: string) => void;
}

/**
 * Runs the lifecycle and returns what it saw, so a test can check it.
 *
 * @example
 * await runLifecycle({ baseUrl: `${sandbox.url}/v2`, token: sandbox.token, siteId: sandbox.siteId, localeId });
 */
export async function runLifecycle({ baseUrl, token, siteId, localeId, log = () => {} }: LifecycleOptions) {
  const client = createAssetsClient({ baseUrl, token, validateResponses: true });

  const data = await readFile(new URL('../test/fixtures/logo.png', import.meta.url));
  const uploaded = await client.assets.upload(siteId, { data, fileName: 'logo.png', contentType: 'image/png' });
  log(`uploaded ${uploaded.id} (${uploaded.size} bytes) at ${uploaded.hostedUrl}`);

  let found = false;
  for await (const asset of client.assets.iterate(siteId)) {
    if (asset.id === uploaded.id) {
      found = true;
    }
  }
  log(`found by iterating: ${found}`);

  const renamed = await client.assets.update(uploaded.id, { displayName: 'Logo (renamed)' });
  log(`renamed to ${renamed.displayName}`);

  await client.assets.update(uploaded.id, { altText: 'Notre logo' }, { localeId });
  const localized = await client.assets.get(uploaded.id, { localeId });
  log(`alt text for ${localeId}: ${localized.altText}`);

  await client.assets.delete(uploaded.id);
  let goneCode: string | undefined;
  try {
    await client.assets.get(uploaded.id);
  } catch (error) {
    if (!(error instanceof AssetsApiError)) {
      throw error;
    }
    goneCode = error.code;
  }
  log(`deleted; get now answers ${goneCode}`);

  return { uploaded, found, renamed, localized, goneCode };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [baseUrl, token, siteId, localeId] = process.argv.slice(2);
  if (!baseUrl || !token || !siteId || !localeId) {
    process.stderr.write('usage: tsx examples/lifecycle.ts <baseUrl> <token> <siteId> <localeId>\n');
    process.exit(2);
  }
  await runLifecycle({ baseUrl, token, siteId, localeId, log: (line) => process.stdout.write(`${line}\n`) });
}
