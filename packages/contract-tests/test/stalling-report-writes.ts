import { promises } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

/**
 * Loaded with `--import` into a CLI process by `bin.test.ts`: a disk that stalls in the middle
 * of a write, the one fault those tests cannot cause otherwise (a report is written in well under
 * a millisecond). Each `writeFile` under the directory `ASSETKIT_TEST_STALL_DIR` names writes half
 * its text, says `stalled writing <path>` on stderr, and finishes a minute later, which is long
 * after the test's second Ctrl-C.
 */
const dir = process.env.ASSETKIT_TEST_STALL_DIR;
const writeFile = promises.writeFile;

if (dir) {
  promises.writeFile = async function stallingWriteFile(...[path, data, options]: Parameters<typeof writeFile>) {
    if (typeof path !== 'string' || !path.startsWith(dir) || typeof data !== 'string') {
      return writeFile(path, data, options);
    }
    await writeFile(path, data.slice(0, data.length / 2), options);
    process.stderr.write(`stalled writing ${path}\n`);
    await new Promise((resolve) => setTimeout(resolve, 60_000));
    return writeFile(path, data, options);
  };
  // `import { writeFile } from 'node:fs/promises'` in the CLI then sees this one too.
  syncBuiltinESMExports();
}
