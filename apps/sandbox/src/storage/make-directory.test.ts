import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDirectory } from './make-directory.js';

describe('makeDirectory', () => {
  const root = mkdtempSync(join(tmpdir(), 'sandbox-mkdir-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates the directory and every missing parent, and accepts one that exists', () => {
    const deep = join(root, 'a', 'b', 'c');
    makeDirectory(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    expect(() => makeDirectory(deep)).not.toThrow();
  });

  it('fails with ENOTDIR under a file', () => {
    const file = join(root, 'file');
    writeFileSync(file, 'x');
    expect(() => makeDirectory(join(file, 'data'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  // Found in review: Node's recursive mkdirSync spins forever here, so start-up hung.
  it.runIf(process.platform === 'linux')('fails under /proc instead of spinning', () => {
    expect(() => makeDirectory('/proc/self/assetkit-sandbox/data')).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
  });
});
