import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createReportFiles } from './report-files.js';

const dir = mkdtempSync(join(tmpdir(), 'assetkit-report-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Crashes mid-write are in bin.test.ts, with the real CLI process.
describe('createReportFiles', () => {
  it('writes a report whole and leaves no temporary file', async () => {
    const files = createReportFiles({ cwd: dir, runId: 'a1b2c3d4' });
    writeFileSync(join(dir, 'plain.json'), '{"earlier":true}');
    await files.write('plain.json', '{"now":true}');
    expect(readFileSync(join(dir, 'plain.json'), 'utf8')).toBe('{"now":true}');
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  // The rename would otherwise put a file where the link was, and leave the file it leads to stale.
  it('writes through a symbolic link, where it leads, and keeps the link', async () => {
    const files = createReportFiles({ cwd: dir, runId: 'a1b2c3d4' });
    writeFileSync(join(dir, 'target.json'), '{"earlier":true}');
    symlinkSync(join(dir, 'target.json'), join(dir, 'link.json'));
    await files.write('link.json', '{"now":true}');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'target.json'), 'utf8')).toBe('{"now":true}');
  });

  it("on abandon removes an earlier run's report, but not one this run wrote, however it is spelled", async () => {
    const files = createReportFiles({ cwd: dir, runId: 'a1b2c3d4' });
    writeFileSync(join(dir, 'mine.json'), '{"earlier":true}');
    writeFileSync(join(dir, 'stale.xml'), '<testsuites/>');
    await files.write(join(dir, 'mine.json'), '{"now":true}');
    expect(files.abandon(['./mine.json', 'stale.xml', 'never.json'])).toEqual([join(dir, 'stale.xml')]);
    expect(readFileSync(join(dir, 'mine.json'), 'utf8')).toBe('{"now":true}');
    expect(existsSync(join(dir, 'stale.xml'))).toBe(false);
  });
});
