import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll } from 'vitest';

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

/**
 * For a `describe` block of start-command tests: a scratch directory for their data (removed
 * after the block) and {@link spawnMain} whose children are SIGKILLed after each test if still
 * running, so a failed test leaves no sandbox behind.
 *
 * @example
 * const main = useMainProcesses('sandbox-main-');
 * const child = main.spawn({ PORT: '0', DATA_DIR: main.dir('ready') });
 */
export function useMainProcesses(prefix: string): {
  dir: (name: string) => string;
  spawn: (env: Record<string, string>) => ChildProcessWithoutNullStreams;
} {
  let root = '';
  const children: ChildProcessWithoutNullStreams[] = [];
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  return {
    dir: (name) => join(root, name),
    spawn(env) {
      const child = spawnMain(env);
      children.push(child);
      return child;
    },
  };
}
