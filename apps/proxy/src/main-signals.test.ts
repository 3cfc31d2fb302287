import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS } from '../test/harness.js';
import { MAIN_COMMAND } from '../test/proxy-process.js';

let upstream: Server;
let upstreamUrl: string;

beforeAll(async () => {
  upstream = createServer((_req, res) => res.end('{}'));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => upstream.close(resolve));
});

// Found in clean-clone CI: a SIGTERM sent the moment the ready line appeared left the proxy
// running and listening, about one start in six. The ready line was written before the shutdown's
// signal listener was added and the start-up one removed, and removing a signal's last listener
// closes Node's watcher for it, losing a signal it had caught but not yet delivered. The preload
// sends the signal from inside that write, so the race is lost every time it exists.
describe('a SIGTERM at the ready line', { timeout: 60_000 }, () => {
  it('shuts the proxy down with 0', async () => {
    const preload = new URL('../test/signal-at-ready.mjs', import.meta.url).href;
    const child = spawn(MAIN_COMMAND[0], ['--import', preload, ...MAIN_COMMAND[1]], {
      env: {
        ...process.env,
        PORT: '0',
        LOG_LEVEL: 'warn',
        UPSTREAM_URL: upstreamUrl,
        UPSTREAM_TOKEN: 'upstream-token',
        PROXY_KEYS: JSON.stringify([{ name: 'r', key: KEYS.reader, scopes: ['assets:read'] }]),
        SHUTDOWN_GRACE_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const started = new Promise<void>((resolve) => {
      const check = () => output.includes('assetkit proxy ready') && resolve();
      child.stdout.on('data', check);
    });
    // The 20 s count from the ready line, not the spawn: tsx's start-up under load is no part of it.
    await Promise.race([started, exited]);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('still running 20 s after its ready line'), 20_000);
    });
    const outcome = await Promise.race([exited, late]);
    clearTimeout(timer);
    child.kill('SIGKILL');
    expect(outcome, output).toBe(0);
    expect(output).toContain('assetkit proxy ready');
  });
});
