import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const READY = /^assetkit sandbox ready: url=(\S+) site=(\S+) token=(\S+) \(read-only token: (\S+)\)/m;

/** The sandbox's start command (`src/main.ts`) in a child process, with only `env` (and PATH) set. */
export function spawnMain(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: 'pipe',
  });
}

/** The ready line's URL, site, token and read-only token (index 1 to 4), once it is printed. */
export async function readyUrl(child: ChildProcessWithoutNullStreams): Promise<RegExpExecArray> {
  let out = '';
  for await (const chunk of child.stdout) {
    out += chunk;
    const match = READY.exec(out);
    if (match) {
      return match;
    }
  }
  throw new Error(`exited before the ready line: ${out}`);
}
