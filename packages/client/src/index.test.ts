import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as client from './index.js';

const SRC = new URL('.', import.meta.url).pathname;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('@assetkit/client exports', () => {
  // A change here is a change of the public API: update it on purpose, and the README with it.
  it('exports exactly these runtime values', () => {
    expect(Object.keys(client).sort()).toEqual([
      'AssetsApiError',
      'AssetsError',
      'AssetsNetworkError',
      'AssetsResponseValidationError',
      'AssetsTimeoutError',
      'AssetsUploadError',
      'Md5',
      'createAssetsClient',
      'md5Hex',
    ]);
  });
});

describe('what the client imports at runtime', () => {
  it('is openapi-fetch only: no node: modules, and @assetkit/contract (ajv) only by import(), for types, its closest-name or its json-pointer', async () => {
    const found: string[] = [];
    for (const file of await sourceFiles(SRC)) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
        const [, typeOnly, specifier] = match;
        if (!typeOnly && specifier && !specifier.startsWith('.')) {
          found.push(`${relative(SRC, file)}: ${specifier}`);
        }
      }
    }
    expect(found.sort()).toEqual([
      'create-assets-client.ts: openapi-fetch',
      'options/option-names.ts: @assetkit/contract/closest-name',
      'upload/upload-asset.ts: @assetkit/contract/json-pointer',
    ]);
  });

  it.each([
    ['closest-name', 'closestName'],
    ['json-pointer', 'joinPointer'],
  ])(
    'takes from @assetkit/contract/%s a module that imports nothing (the package root loads ajv)',
    async (subpath, fn) => {
      const text = await readFile(new URL(import.meta.resolve(`@assetkit/contract/${subpath}`)), 'utf8');
      expect(text).toContain(`export function ${fn}`);
      expect(text).not.toMatch(/^\s*import\b|\bimport\(|\brequire\(/m);
    },
  );
});
