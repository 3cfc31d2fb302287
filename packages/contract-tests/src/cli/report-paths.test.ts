import { linkSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportTarget, sameReportFile } from './report-paths.js';

let dir: string;
beforeAll(() => {
  // Real path: the temp directory may itself be reached through a link (macOS /var → /private/var).
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'assetkit-report-paths-')));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'existing.json'), '{}');
  symlinkSync(join(dir, 'existing.json'), join(dir, 'link-to-existing.json'));
  symlinkSync('not-yet.json', join(dir, 'link-to-not-yet.json'));
  symlinkSync(dir, join(dir, 'dir-link'));
  linkSync(join(dir, 'existing.json'), join(dir, 'hard-link.json'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('reportTarget', () => {
  it.each([
    ['a.json', './a.json'],
    ['a.json', 'sub/../a.json'],
    ['a.json', 'dir-link/a.json'],
    ['existing.json', 'link-to-existing.json'],
    // A link to a file not written yet: writing the link creates the file it names.
    ['not-yet.json', 'link-to-not-yet.json'],
    // Found in review: two names of one file; the JUnit report overwrote the JSON one.
    ['existing.json', 'hard-link.json'],
  ])('finds that %s and %s lead to one file', (json, junit) => {
    expect(sameReportFile(json, junit, dir)).toBe(true);
  });

  it.each([
    ['a.json', 'a.xml'],
    ['a.json', 'sub/a.json'],
    ['existing.json', 'link-to-not-yet.json'],
  ])('tells %s and %s apart', (json, junit) => {
    expect(sameReportFile(json, junit, dir)).toBe(false);
  });

  it('takes a path whose directory is missing as written (checkWritable refuses it)', () => {
    expect(reportTarget('missing/r.json', dir)).toBe(join(dir, 'missing', 'r.json'));
  });
});
