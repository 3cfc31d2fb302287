import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/**
 * Opened without blocking, so a FIFO with no writer does not hang the open itself (a plain open
 * waits for one), and without making a terminal the process's controlling one. Neither flag
 * changes how a regular file reads. Windows has neither (`undefined`): 0.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * A file's text; a FIFO, a device or a directory is refused, not read (reading one would hang
 * start-up, or read forever). The check and the read are of one open descriptor: with a `stat` of
 * the path and then a read of the path, the path could be swapped in between (a regular file for a
 * FIFO), and the read would hang on what the check never saw.
 *
 * @example
 * readRegularFile('/etc/assetkit/keys.json'); // its text, or throws Error('not a regular file')
 */
export function readRegularFile(path: string): string {
  const fd = openSync(path, OPEN_FLAGS);
  try {
    if (!fstatSync(fd).isFile()) {
      throw new Error('not a regular file');
    }
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
