import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { makeDirectory } from './make-directory.js';

/** Who holds a data directory, as it wrote itself down in `sandbox.pid` (for the message only). */
interface Holder {
  pid: number;
  host: string;
  since: string;
  command: string;
}

/** A data directory this process holds; `release()` lets another sandbox have it. */
export interface DataDirLock {
  release(): void;
}

/** Whether a process with this pid runs on this machine (one of another user's counts). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): Holder | undefined {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    return Number.isSafeInteger(holder.pid) && typeof holder.host === 'string' ? (holder as Holder) : undefined;
  } catch {
    return undefined;
  }
}

const UNKNOWN_HOLDER = 'another process (it has not said which)';

/** Who the lock's holder is, in words: what its pid file says, if that can be its holder. */
function describeHolder(file: string): string {
  const holder = readHolder(file);
  if (holder === undefined) {
    return UNKNOWN_HOLDER;
  }
  const since = typeof holder.since === 'string' ? `, since ${holder.since}` : '';
  const running = typeof holder.command === 'string' && holder.command !== '' ? ` running ${holder.command}` : '';
  if (holder.host !== hostname()) {
    return `another sandbox (pid ${holder.pid} on host ${holder.host}${running}${since})`;
  }
  if (holder.pid === process.pid) {
    return `another sandbox in this process (pid ${holder.pid}${since})`;
  }
  // The lock is held, so its holder is alive; a pid file naming a dead process is one a crash
  // left, not the holder's (an older sandbox that writes none, or one still starting).
  return alive(holder.pid) ? `another sandbox (pid ${holder.pid}${running}${since})` : UNKNOWN_HOLDER;
}

/**
 * Takes a data directory for this process, or throws naming who has it. The lock is SQLite's own
 * (an exclusive lock on `sandbox.lock`, held until `release()`): the kernel drops it when its
 * process dies, even by SIGKILL, so a crash never leaves a stale lock, and no pid is trusted to
 * decide (pids are reused, and mean nothing across containers sharing a volume). Two sandboxes in
 * one process are refused too. `sandbox.pid` only names the holder in the message. The lock is
 * not on `sandbox.sqlite` itself, so a `sqlite3` shell can still read that while the sandbox runs.
 *
 * @example
 * const lock = lockDataDir('/var/lib/sandbox'); // throws if another sandbox runs on it
 * lock.release();
 */
export function lockDataDir(dataDir: string): DataDirLock {
  makeDirectory(dataDir);
  // SQLite would only say 'unable to open database file', naming neither the file nor the cause.
  if (!statSync(dataDir).isDirectory()) {
    throw new Error(
      `data directory ${dataDir} is not a directory: give the sandbox a directory (it is created if missing)`,
    );
  }
  const pidFile = join(dataDir, 'sandbox.pid');
  const lock = new Database(join(dataDir, 'sandbox.lock'), { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    // In exclusive locking mode the lock a write transaction takes is kept after it commits.
    lock.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new Error(
        `data directory ${dataDir} is in use by ${describeHolder(pidFile)}: run one sandbox per data directory, so stop that one or give this one another directory`,
      );
    }
    throw error;
  }
  const holder: Holder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    command: process.argv.slice(1, 2).join(' '),
  };
  // Written aside, then renamed: a process refused meanwhile reads the old file or this one, whole.
  const aside = `${pidFile}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(aside, `${JSON.stringify(holder)}\n`);
    renameSync(aside, pidFile);
  } catch (error) {
    rmSync(aside, { force: true });
    lock.close();
    throw error;
  }
  return {
    release() {
      // Removed while still held: a sandbox that takes the directory next writes its own.
      if (readHolder(pidFile)?.pid === process.pid) {
        rmSync(pidFile, { force: true });
      }
      lock.close();
    },
  };
}
