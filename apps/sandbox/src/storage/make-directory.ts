import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates a directory and the parents it lacks, one at a time, failing with the first error.
 * Node's own `mkdirSync(path, { recursive: true })` never returns for a path under `/proc` (it
 * retries a parent that exists but takes no new entries, forever), so `SANDBOX_DATA_DIR=/proc/…`
 * hung start-up; this fails with that path's `ENOENT` instead.
 *
 * @example
 * makeDirectory('/var/lib/sandbox/blobs');
 */
export function makeDirectory(path: string): void {
  const missing: string[] = [];
  let at = resolve(path);
  while (!existsSync(at)) {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) {
      break;
    }
    at = parent;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (error) {
      // Made meanwhile by another process: fine, if it is a directory.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(dir).isDirectory()) {
        throw error;
      }
    }
  }
}
