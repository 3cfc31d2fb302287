import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A private `redis-server` (never the machine's shared one on 6379) that a test may kill. */
export interface PrivateRedis {
  url: string;
  port: number;
  /** SIGKILL: no shutdown, no goodbye to clients, as a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  /** SIGSTOP: connections stay open but nothing is answered (a stalled or swapping Redis). */
  pause(): void;
  /** SIGCONT after {@link pause}. */
  resume(): void;
  stop(): Promise<void>;
}

function launch(port: number, extra: readonly string[]): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.resume();
        resolve(child);
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

/**
 * Starts `redis-server` on a free port with persistence off (and with `password`, requiring it;
 * with `args`, whatever else they configure).
 *
 * @example
 * const redis = await startPrivateRedis();
 * await redis.kill(); await redis.restart();
 */
export async function startPrivateRedis({
  password,
  args = [],
}: {
  password?: string;
  /** More `redis-server` arguments, e.g. `['--user', 'name', 'on', '>pw', '~*', '+@all']`. */
  args?: readonly string[];
} = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const extra = [...(password === undefined ? [] : ['--requirepass', password]), ...args];
  let child = await launch(port, extra);
  const stopWith = async (signal: NodeJS.Signals) => {
    child.kill('SIGCONT');
    child.kill(signal);
    await exited(child);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => stopWith('SIGKILL'),
    async restart() {
      child = await launch(port, extra);
    },
    stop: () => stopWith('SIGTERM'),
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
  };
}
