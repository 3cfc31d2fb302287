import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('.', import.meta.url).pathname;

async function sourceFiles(): Promise<string[]> {
  const entries = await readdir(SRC, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name));
}

describe('the embedded sandbox', () => {
  // Found by the benchmark: a static import of the package root for one small helper loaded the
  // whole sandbox (SQLite, its Express app) into every proxy, embedded or not: start-up to ready
  // went from 428 to 561 ms and the peak RSS under load up by about 15 MB.
  it('is loaded only on demand: no proxy module imports the sandbox package root statically', async () => {
    const found: string[] = [];
    for (const file of await sourceFiles()) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'(@assetkit\/sandbox[^']*)'/gms)) {
        const [, typeOnly, specifier] = match;
        if (!typeOnly) {
          found.push(`${relative(SRC, file)}: ${specifier}`);
        }
      }
    }
    expect(found.filter((line) => line.endsWith(': @assetkit/sandbox'))).toEqual([]);
    // What it does import statically imports nothing of the sandbox's own.
    expect(found).toEqual(['main.ts: @assetkit/sandbox/http-server']);
    const helper = await readFile(new URL(import.meta.resolve('@assetkit/sandbox/http-server')), 'utf8');
    expect(helper.match(/^import .* from '([^']+)'/gm)).toEqual(["import { createServer } from 'node:http'"]);
  });
});
