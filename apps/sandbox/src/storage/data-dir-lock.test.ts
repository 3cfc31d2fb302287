import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock.js';

describe('lockDataDir', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'sandbox-lock-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('holds a directory until released, writing who holds it, and removing that on release', () => {
    const dataDir = join(root, 'held');
    const lock = lockDataDir(dataDir);
    expect(JSON.parse(readFileSync(join(dataDir, 'sandbox.pid'), 'utf8'))).toMatchObject({
      pid: process.pid,
      host: hostname(),
    });
    expect(() => lockDataDir(dataDir)).toThrow(
      `data directory ${dataDir} is in use by another sandbox in this process (pid ${process.pid}, since `,
    );
    lock.release();
    expect(existsSync(join(dataDir, 'sandbox.pid'))).toBe(false);
    lockDataDir(dataDir).release();
  });

  it('refuses a data directory that is a file, naming it', () => {
    // SQLite's own 'unable to open database file' was all a sandbox started on a file said.
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    expect(() => lockDataDir(file)).toThrow(`data directory ${file} is not a directory`);
  });

  it('names a holder on another host by its host, and trusts no pid file naming a dead process', () => {
    const dataDir = join(root, 'described');
    const lock = lockDataDir(dataDir);
    try {
      const pidFile = join(dataDir, 'sandbox.pid');
      writeFileSync(
        pidFile,
        JSON.stringify({ pid: 7, host: 'builder-2', since: '2026-01-01T00:00:00.000Z', command: '/srv/main.js' }),
      );
      expect(() => lockDataDir(dataDir)).toThrow(
        'is in use by another sandbox (pid 7 on host builder-2 running /srv/main.js, since 2026-01-01T00:00:00.000Z)',
      );
      // A process that has exited: its pid file is one a crash left, not the holder's.
      const dead = spawnSync(process.execPath, ['-e', '']).pid;
      writeFileSync(pidFile, JSON.stringify({ pid: dead, host: hostname() }));
      expect(() => lockDataDir(dataDir)).toThrow('is in use by another process (it has not said which)');
      writeFileSync(pidFile, 'not json');
      expect(() => lockDataDir(dataDir)).toThrow('is in use by another process (it has not said which)');
    } finally {
      lock.release();
    }
  });
});
