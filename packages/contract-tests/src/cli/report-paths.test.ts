import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportTarget } from './report-paths.js';

const sameReportFile = (json: string, junit: string, cwd: string) =>
  reportTarget(json, cwd) === reportTarget(junit, cwd);

let dir: string;
beforeAll(() => {
  // Real path: the temp directory may itself be reached through a link (macOS /var → /private/var).
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'assetkit-report-paths-')));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'existing.json'), '{}');
  symlinkSync(join(dir, 'existing.json'), join(dir, 'link-to-existing.json'));
  symlinkSync('not-yet.json', join(dir, 'link-to-not-yet.json'));
  symlinkSync(dir, join(dir, 'dir-link'));
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
