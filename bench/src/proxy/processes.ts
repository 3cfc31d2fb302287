import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';

/** A port nothing listens on right now (for servers that cannot take port 0 and report it). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Resolves once something answers HTTP on the port. */
export async function answersHttp(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/', timeout: 500 }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
      req.end();
    });
    if (ok) {
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nothing answered on port ${port}`);
}

/** A server started in a child process, so it does not share an event loop with the load. */
export interface ServerProcess {
  name: string;
  port: number;
  child: ChildProcess;
  /** Milliseconds from spawn to the line that says it is listening. */
  startupMs: number;
  /** Peak resident set size since the process started, in MB (Linux VmHWM). */
  peakRssMb(): number;
  /** CPU time (user + system) the process has used so far, in milliseconds. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * Spawns a server and waits for the line carrying its port (`listening <port>`, or a URL with a
 * port); everything else it prints is discarded.
 *
 * @example
 * const upstream = await spawnServer('static', process.execPath, ['--import', 'tsx', 'static-upstream.ts']);
 */
export function spawnServer(
  name: string,
  command: string,
  args: string[],
  {
    env = {},
    ready = /listening (\d+)|http:\/\/127\.0\.0\.1:(\d+)/,
    timeoutMs = 60_000,
    port,
  }: { env?: Record<string, string>; ready?: RegExp; timeoutMs?: number; port?: number } = {},
): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const handle = (p: number): ServerProcess => ({
    name,
    port: p,
    child,
    startupMs: performance.now() - started,
    peakRssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    cpuMs: () => {
      // /proc/<pid>/stat fields 14 and 15: utime and stime in clock ticks (100 per second on Linux).
      const fields = (readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  });
  if (port !== undefined) {
    child.stdout?.resume();
    child.stderr?.resume();
    return answersHttp(port, Date.now() + timeoutMs).then(() => handle(port));
  }
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${output.slice(-2000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      if (output.length < 100_000) {
        output += chunk.toString('utf8');
      }
      const match = ready.exec(output);
      if (!match) {
        return;
      }
      clearTimeout(timer);
      child.stdout?.removeListener('data', onData);
      child.stdout?.resume();
      child.stderr?.resume();
      resolve(handle(Number(match[1] ?? match[2])));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready:\n${output.slice(-2000)}`));
    });
  });
}
