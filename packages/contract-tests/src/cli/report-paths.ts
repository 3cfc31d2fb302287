import { lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** More links in a row than this, and the path is taken as it stands (the OS would refuse it: ELOOP). */
const MAX_LINKS = 40;

/**
 * The file a report path leads to, whether it exists yet or not: the path itself with every
 * symbolic link followed when it exists, else its directory's real path and its name (a link
 * that leads nowhere yet is followed to where writing it would create the file).
 *
 * @example
 * reportTarget('./out/../a.json', '/work'); // '/work/a.json' (or where /work really is)
 */
export function reportTarget(file: string, cwd: string): string {
  let path = resolve(cwd, file);
  for (let links = 0; links < MAX_LINKS; links++) {
    try {
      return realpathSync(path);
    } catch {
      // Not there yet, or a link to where nothing is yet: follow the link, else take the directory.
    }
    try {
      if (!lstatSync(path).isSymbolicLink()) {
        break;
      }
      path = resolve(dirname(path), readlinkSync(path));
    } catch {
      break;
    }
  }
  try {
    return join(realpathSync(dirname(path)), basename(path));
  } catch {
    return path; // its directory is missing too: checkWritable says so
  }
}

/**
 * Whether two report paths lead to one file: the same {@link reportTarget}, or two names of one
 * existing file (a hard link; a case-insensitive file system's other spelling).
 *
 * @example
 * sameReportFile('a.json', './a.json', '/work'); // true
 */
export function sameReportFile(first: string, second: string, cwd: string): boolean {
  const [a, b] = [reportTarget(first, cwd), reportTarget(second, cwd)];
  if (a === b) {
    return true;
  }
  const [statA, statB] = [statSync(a, { throwIfNoEntry: false }), statSync(b, { throwIfNoEntry: false })];
  return statA !== undefined && statB !== undefined && statA.dev === statB.dev && statA.ino === statB.ino;
}
