import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/**
 * How to run `src/main.ts` as its own process: node with tsx as a loader, not tsx's CLI. The CLI
 * runs the script in a second process and relays signals to it, and when that process is slow to
 * acknowledge (a loaded machine) it gives up on it: SIGTERM tests then saw connections cut.
 */
export const MAIN_COMMAND: [string, string[]] = [process.execPath, ['--import', 'tsx', main]];

/** The real entry point running in a child process. */
export interface ProxyProcess {
  child: ChildProcess;
  /** The API base from its ready line, e.g. `http://127.0.0.1:1234/v2`. */
  api: string;
  output(): string;
  exited: Promise<number | null>;
}

/**
 * Runs `src/main.ts` (see {@link MAIN_COMMAND}) with the given environment and waits for
 * its ready line.
 *
 * @example
 * const proxy = await startProxyProcess({ UPSTREAM_URL, UPSTREAM_TOKEN, PROXY_KEYS });
 * proxy.child.kill('SIGTERM'); await proxy.exited;
 */
export function startProxyProcess(env: Record<string, string>): Promise<ProxyProcess> {
  const child = spawn(MAIN_COMMAND[0], MAIN_COMMAND[1], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const api = /assetkit proxy ready: url=(\S+)/.exec(output)?.[1];
      if (api) {
        clearTimeout(timer);
        resolve({ child, api, output: () => output, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    exited.then((code) => reject(new Error(`exited ${code} before ready:\n${output}`)));
  });
}
