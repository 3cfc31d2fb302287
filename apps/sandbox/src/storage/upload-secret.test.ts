import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadUploadSecret } from './upload-secret.js';

describe('loadUploadSecret', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'upload-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a key on first start, keeps it in the data directory and reads it back after', () => {
    const first = loadUploadSecret(dir, undefined);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(dir, 'upload-secret'), 'utf8')).toBe(`${first}\n`);
    expect(loadUploadSecret(dir, undefined)).toBe(first);
    expect(readdirSync(dir)).toEqual(['upload-secret']);
  });

  it.each([
    ['empty', ''],
    ['too short', 'short\n'],
  ])('replaces a stored file that holds no usable key (%s) instead of signing with it', (_, content) => {
    writeFileSync(join(dir, 'upload-secret'), content);
    const secret = loadUploadSecret(dir, undefined);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(dir, 'upload-secret'), 'utf8')).toBe(`${secret}\n`);
    expect(readdirSync(dir)).toEqual(['upload-secret']);
  });

  it('uses the configured key as it is', () => {
    expect(loadUploadSecret(dir, 'configured-secret-0123')).toBe('configured-secret-0123');
    expect(readdirSync(dir)).toEqual([]);
  });
});
