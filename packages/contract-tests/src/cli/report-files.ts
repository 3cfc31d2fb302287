import { existsSync, rmSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { reportTarget } from './report-paths.js';

/** Errors of a temporary file that the report file itself may not have (a read-only directory). */
const NO_TEMP_FILE = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * The report files of one run (`--json`, `--junit`). Each is written whole or not at all: into a
 * temporary file beside where it leads (a symbolic link is followed), then renamed over it, so an
 * exit in the middle (a second Ctrl-C) cannot leave half a JSON or JUnit file. Where no file can
 * be made beside it (a writable report in a read-only directory), it is written in place.
 *
 * @example
 * const files = createReportFiles({ cwd: process.cwd(), runId: 'a1b2c3d4' });
 * await files.write('report.json', text);
 */
export function createReportFiles({ cwd, runId }: { cwd: string; runId: string }) {
  const temps = new Set<string>();
  const written = new Set<string>();

  return {
    /** Writes one report; rejects with the file system's error. */
    async write(file: string, text: string): Promise<void> {
      const target = reportTarget(file, cwd);
      const temp = join(dirname(target), `.${basename(target)}.${runId}.tmp`);
      temps.add(temp);
      try {
        await writeFile(temp, text);
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        if (!NO_TEMP_FILE.has((error as NodeJS.ErrnoException).code ?? '')) {
          throw error;
        }
        await writeFile(target, text);
      } finally {
        temps.delete(temp);
      }
      written.add(resolve(cwd, file));
    },

    /**
     * For a run that exits at once (a second Ctrl-C), synchronously: removes the temporary files
     * of writes in flight, and those of `files` this run did not write, which hold an earlier
     * run's report (a CI job publishing them afterwards would show that run as this one).
     * Returns the paths it removed.
     */
    abandon(files: readonly string[]): string[] {
      const removed: string[] = [];
      // Best effort: nothing here may keep the process from exiting.
      const remove = (path: string) => {
        try {
          rmSync(path, { force: true });
          return true;
        } catch {
          return false;
        }
      };
      for (const temp of temps) {
        remove(temp);
      }
      for (const file of files) {
        const [path, target] = [resolve(cwd, file), reportTarget(file, cwd)];
        if (!written.has(path) && existsSync(target) && remove(target)) {
          removed.push(path);
        }
      }
      return removed;
    },
  };
}

/** What {@link createReportFiles} returns. */
export type ReportFiles = ReturnType<typeof createReportFiles>;
