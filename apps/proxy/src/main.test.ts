import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Sandbox, startSandbox } from '@assetkit/sandbox';
import { canListen, holdNeighbouringPorts } from '@assetkit/vitest-config/held-ports';
import { rawExchange } from '@assetkit/vitest-config/raw-exchange';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN_COMMAND, startProxyProcess } from '../test/proxy-process.js';
import { eventually } from '../test/raw-client.js';
import { freePort, startPrivateRedis } from '../test/redis-server.js';
import { DEMO_KEY } from './config.js';

describe('main: the proxy as users run it', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimitPerMinute: 100_000 });
  });
  afterAll(() => sandbox.close());

  /** The key of {@link startReadingProxy}'s one proxy key (reads only, 1000 a minute). */
  const READ_KEY = 'k'.repeat(20);
  /** A proxy process in front of the sandbox with one reading key, and `env` besides. */
  const startReadingProxy = (env: Record<string, string> = {}) =>
    startProxyProcess({
      UPSTREAM_URL: sandbox.url,
      UPSTREAM_TOKEN: sandbox.token,
      PROXY_KEYS: JSON.stringify([{ name: 'k', key: READ_KEY, scopes: ['assets:read'], ratePerMinute: 1000 }]),
      UPSTREAM_RATE_LIMIT: '0',
      ...env,
    });

  /**
   * A proxy process in front of the sandbox (each upstream answer `latencyMs` late), `requests`
   * in flight, then a SIGTERM for each of `signalsMs` (milliseconds after the requests left).
   */
  async function drainWith({
    requests,
    latencyMs,
    signalsMs,
  }: {
    requests: number;
    latencyMs: number;
    signalsMs: number[];
  }) {
    const key = READ_KEY;
    const proxy = await startReadingProxy();
    const list = `${proxy.api}/sites/${sandbox.siteId}/asset_folders`;
    sandbox.setFaults({ latencyMs });
    try {
      const inFlight = Array.from({ length: requests }, () =>
        fetch(list, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status),
      );
      for (const at of signalsMs) {
        await new Promise((r) => setTimeout(r, at));
        proxy.child.kill('SIGTERM');
      }
      return { statuses: await Promise.all(inFlight), exitCode: await proxy.exited, list };
    } finally {
      sandbox.setFaults(null);
    }
  }

  it('finishes every in-flight request on SIGTERM, then exits 0', async () => {
    const { statuses, exitCode, list } = await drainWith({ requests: 8, latencyMs: 600, signalsMs: [200] });
    expect(statuses).toEqual(Array(8).fill(200));
    expect(exitCode).toBe(0);
    await expect(fetch(list)).rejects.toThrow();
  });

  // Found in review: a request already in flight when the signal came was answered with keep-alive
  // (only requests arriving after it got Connection: close), and its connection was then closed
  // under the client, which may already be reusing it for its next request.
  it('answers requests in flight at SIGTERM with Connection: close before closing their connections', async () => {
    const key = READ_KEY;
    const proxy = await startReadingProxy({ SHUTDOWN_GRACE_MS: '300' });
    const agent = new Agent({ keepAlive: true });
    // Still waiting for the upstream when the grace period is over.
    sandbox.setFaults({ latencyMs: 1_500 });
    sandbox.requests.clear();
    try {
      const answered = new Promise<{ status?: number; connection?: string }>((resolve, reject) => {
        get(
          `${proxy.api}/sites/${sandbox.siteId}/asset_folders`,
          { agent, headers: { authorization: `Bearer ${key}` } },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection }));
          },
        ).on('error', reject);
      });
      expect(await eventually(() => sandbox.requests.entries().length > 0, 10_000)).toBe(true);
      proxy.child.kill('SIGTERM');
      expect(await answered).toEqual({ status: 200, connection: 'close' });
      expect(await proxy.exited).toBe(0);
    } finally {
      sandbox.setFaults(null);
      agent.destroy();
    }
  });

  // Found in review: a drain cut short by SHUTDOWN_TIMEOUT_MS exited 0, as if nothing was lost.
  it('exits 1 and logs how many requests it cut off when SHUTDOWN_TIMEOUT_MS ends the drain', async () => {
    const proxy = await startReadingProxy({ SHUTDOWN_GRACE_MS: '0', SHUTDOWN_TIMEOUT_MS: '200' });
    // Far longer than the drain may wait: the three are still at the upstream when it gives up.
    sandbox.setFaults({ latencyMs: 5_000 });
    sandbox.requests.clear();
    try {
      const inFlight = Array.from({ length: 3 }, () =>
        fetch(`${proxy.api}/sites/${sandbox.siteId}/asset_folders`, {
          headers: { authorization: `Bearer ${READ_KEY}` },
        }).then(
          (res) => res.status,
          () => 'cut off',
        ),
      );
      expect(await eventually(() => sandbox.requests.entries().length === 3, 10_000)).toBe(true);
      proxy.child.kill('SIGTERM');
      expect(await proxy.exited).toBe(1);
      expect(await Promise.all(inFlight)).toEqual(['cut off', 'cut off', 'cut off']);
      const logged = proxy
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line))
        .find((line) => line.cutOff !== undefined);
      expect(logged).toMatchObject({ cutOff: 3, shutdownTimeoutMs: 200 });
      expect(logged.msg).toContain('3 requests still in flight were cut off');
    } finally {
      sandbox.setFaults(null);
    }
  });

  // Found in review: Node hands the app every request pipelined on a connection at once and queues
  // their answers; the shutdown marked the connection's current answer only, Node closed the
  // connection after it, and the answers queued behind it were never sent, though their requests
  // had been forwarded (and the drain waited for them until SHUTDOWN_TIMEOUT_MS).
  it('answers every request pipelined on a connection at SIGTERM, only the last with Connection: close', async () => {
    const proxy = await startReadingProxy({ SHUTDOWN_GRACE_MS: '300' });
    sandbox.setFaults({ latencyMs: 1_500 });
    sandbox.requests.clear();
    try {
      const api = new URL(proxy.api);
      const request = `GET ${api.pathname}/sites/${sandbox.siteId}/asset_folders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${READ_KEY}\r\n\r\n`;
      const exchange = rawExchange(api.origin, [request.repeat(3)], { waitMs: 15_000 });
      expect(await eventually(() => sandbox.requests.entries().length === 3, 10_000)).toBe(true);
      proxy.child.kill('SIGTERM');
      const { response, closed } = await exchange;
      const answers = [...response.matchAll(/HTTP\/1\.1 (\d{3})[\s\S]*?^connection: (\S+)\r$/gim)];
      expect(answers.map(([, status, connection]) => `${status} ${connection}`)).toEqual([
        '200 keep-alive',
        '200 keep-alive',
        '200 close',
      ]);
      expect(closed).toBe(true);
      expect(await proxy.exited).toBe(0);
    } finally {
      sandbox.setFaults(null);
    }
  });

  /** Runs main.ts to its exit; its exit code and what it printed on stderr. */
  async function runToExit(env: Record<string, string>): Promise<{ code: unknown; stderr: string }> {
    const child = spawn(MAIN_COMMAND[0], MAIN_COMMAND[1], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    return { code, stderr };
  }

  it('keeps draining when a second SIGTERM arrives (it used to exit at once)', async () => {
    const { statuses, exitCode } = await drainWith({ requests: 4, latencyMs: 800, signalsMs: [200, 100] });
    expect(statuses).toEqual(Array(4).fill(200));
    expect(exitCode).toBe(0);
  });

  it('refuses to start with a bad configuration, listing every problem', async () => {
    const { code, stderr } = await runToExit({ PORT: 'x', UPSTREAM_URL: 'https://api.webflow.com' });
    expect(code).toBe(2);
    expect(stderr).toContain('PORT must be an integer');
    expect(stderr).toContain('UPSTREAM_TOKEN is required');
    expect(stderr).toContain('no proxy keys');
  });

  // Found in review: ioredis went on in database 0 without a word (budgets in the wrong place).
  it('refuses to start when REDIS_URL names a database this Redis does not have', async () => {
    const { code, stderr } = await runToExit({
      PORT: '0',
      UPSTREAM_URL: sandbox.url,
      UPSTREAM_TOKEN: sandbox.token,
      PROXY_KEYS: JSON.stringify([{ name: 'k', key: 'k'.repeat(20), scopes: ['assets:read'] }]),
      REDIS_URL: 'redis://127.0.0.1:6379/99',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('REDIS_URL names database 99, which this Redis refuses: ERR DB index is out of range');
  });

  /** The service started against the sandbox with REDIS_URL, run until it exits. */
  const startWithRedis = (url: string) =>
    runToExit({
      PORT: '0',
      UPSTREAM_URL: sandbox.url,
      UPSTREAM_TOKEN: sandbox.token,
      PROXY_KEYS: JSON.stringify([{ name: 'k', key: 'k'.repeat(20), scopes: ['assets:read'] }]),
      REDIS_URL: url,
    });

  // Found in review: a wrong password was a warning, and every replica kept its own budget for good.
  it("refuses to start when Redis refuses REDIS_URL's password, or needs one it lacks", async () => {
    const redis = await startPrivateRedis({ password: 'right-password' });
    try {
      for (const [url, reason] of [
        [`redis://:wrong-password@127.0.0.1:${redis.port}`, 'WRONGPASS'],
        [`redis://127.0.0.1:${redis.port}`, 'NOAUTH'],
      ]) {
        const { code, stderr } = await startWithRedis(url as string);
        expect(code).toBe(1);
        expect(stderr).toContain("REDIS_URL's user or password is refused by this Redis");
        expect(stderr).toContain(reason);
        expect(stderr).not.toContain('wrong-password');
      }
    } finally {
      await redis.stop();
    }
  });

  // Found in review: a Redis that answers PING but refuses the rate-limit script (a user without
  // EVAL/EVALSHA, a read-only replica) was taken as working: every replica kept its own budget,
  // the metric said redis, and the log said "unavailable" and "back" every second for good.
  it('refuses to start when REDIS_URL’s Redis will not run the rate-limit script', async () => {
    const redis = await startPrivateRedis({
      args: ['--user', 'budgets', 'on', '>budgets-password', '~*', '&*', '+@all', '-@scripting'],
    });
    const dir = mkdtempSync(join(tmpdir(), 'assetkit-replica-'));
    const replica = await startPrivateRedis({ args: ['--replicaof', '127.0.0.1', String(redis.port), '--dir', dir] });
    try {
      for (const [url, reason] of [
        [`redis://budgets:budgets-password@127.0.0.1:${redis.port}/0`, 'NOPERM'],
        [replica.url, 'READONLY'],
      ]) {
        const { code, stderr } = await startWithRedis(url as string);
        expect(code).toBe(1);
        expect(stderr).toContain("REDIS_URL's Redis refuses the rate-limit script");
        expect(stderr).toContain(reason);
        expect(stderr).not.toContain('budgets-password');
        expect(stderr).not.toMatch(/\n\s+at /);
      }
    } finally {
      await replica.stop();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Found in review: a signal before the ready line got Node's default (exit status 143).
  it('on a SIGTERM while it waits for Redis at start-up, finishes starting, then shuts down with 0', async () => {
    const child = spawn(MAIN_COMMAND[0], MAIN_COMMAND[1], {
      env: {
        ...process.env,
        PORT: '0',
        LOG_LEVEL: 'info',
        UPSTREAM_URL: sandbox.url,
        UPSTREAM_TOKEN: sandbox.token,
        PROXY_KEYS: JSON.stringify([{ name: 'k', key: 'k'.repeat(20), scopes: ['assets:read'] }]),
        // Nothing listens there: start-up waits 2 s for it.
        REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('rate limiting: connecting to Redis')) {
          child.stdout?.removeListener('data', onData);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('assetkit proxy ready');
    expect(output).toContain('"signal":"SIGTERM"');
    // The warning says why Redis is not used (it was only "did not answer").
    const warning = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .find((line) => line.msg?.includes('Redis did not answer at startup'));
    expect(warning?.reason).toMatch(/ECONNREFUSED/);
  });

  it('says in one message, without a stack, why the embedded sandbox cannot start', async () => {
    const port = Number(new URL(sandbox.url).port);
    const busyDir = mkdtempSync(join(tmpdir(), 'assetkit-busy-'));
    const busy = await runToExit({ PORT: '0', SANDBOX_PORT: String(port), SANDBOX_DATA_DIR: busyDir });
    rmSync(busyDir, { recursive: true, force: true });
    expect(busy.code).toBe(1);
    // The port suggested is one that was free when checked (the proxy's own is below).
    expect(busy.stderr).toContain(
      `assetkit proxy: cannot start the embedded sandbox: 127.0.0.1:${port} is already in use (another assetkit proxy or sandbox still running?). Stop it, or choose another port, such as SANDBOX_PORT=`,
    );
    expect(busy.stderr).not.toMatch(/\n\s+at /);
    // The directory quoted whole (the default one is made absolute too: config.test.ts).
    expect(busy.stderr).toContain(`Its data is in ${busyDir} (SANDBOX_DATA_DIR)`);
    const file = join(mkdtempSync(join(tmpdir(), 'assetkit-notadir-')), 'file');
    writeFileSync(file, 'not a directory');
    const notDir = await runToExit({ PORT: '0', SANDBOX_PORT: '0', SANDBOX_DATA_DIR: join(file, 'data') });
    expect(notDir.code).toBe(1);
    expect(notDir.stderr).toMatch(/^assetkit proxy: cannot start the embedded sandbox: ENOTDIR/);
    expect(notDir.stderr).toContain(`Its data is in ${join(file, 'data')} (SANDBOX_DATA_DIR)`);
    expect(notDir.stderr).not.toMatch(/\n\s+at /);
    rmSync(dirname(file), { recursive: true, force: true });
  });

  // Found in review: an embedded sandbox started on a data directory another sandbox was using,
  // and the two wrote the same SQLite file and swept each other's uploads in progress.
  it('refuses to start its embedded sandbox on a data directory another sandbox uses, naming it', async () => {
    const dataDir = sandbox.dataDir;
    const { code, stderr } = await runToExit({ PORT: '0', SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(stderr).toContain(
      `assetkit proxy: cannot start the embedded sandbox: data directory ${dataDir} is in use by another sandbox (pid ${process.pid} running `,
    );
    expect(stderr).toContain(`Its data is in ${dataDir} (SANDBOX_DATA_DIR)`);
    expect(stderr).not.toMatch(/\n\s+at /);
    // The sandbox holding it is untouched.
    const res = await fetch(`${sandbox.url}/v2/sites/${sandbox.siteId}/assets`, {
      headers: { authorization: `Bearer ${sandbox.token}` },
    });
    expect(res.status).toBe(200);
  });

  // Found in review: every failure to listen read "cannot start on host:port (…)", Redis's too,
  // with nothing on what to change.
  it('says which variable to change when it cannot listen', async () => {
    const upstream = {
      UPSTREAM_URL: sandbox.url,
      UPSTREAM_TOKEN: sandbox.token,
      PROXY_KEYS: JSON.stringify([{ name: 'k', key: 'k'.repeat(20), scopes: ['assets:read'] }]),
    };
    // Found by a new user: the port suggested was the next one, in use too.
    const held = await holdNeighbouringPorts();
    const [port, next] = held.ports;
    const busy = await runToExit({ ...upstream, PORT: String(port) }).finally(() => held.close());
    expect(busy.code).toBe(1);
    const suggested = /such as PORT=(\d+)\n$/.exec(busy.stderr)?.[1];
    expect(busy.stderr).toBe(
      `assetkit proxy: cannot start the proxy: 127.0.0.1:${port} is already in use (another assetkit proxy or sandbox still running?). Stop it, or choose another port, such as PORT=${suggested}\n`,
    );
    expect([port, next]).not.toContain(Number(suggested));
    expect(await canListen('127.0.0.1', Number(suggested))).toBe(true);
    // 192.0.2.1 is reserved for documentation (RFC 5737): no machine has it.
    const elsewhere = await runToExit({ ...upstream, PORT: '0', HOST: '192.0.2.1' });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain(
      'cannot start the proxy: HOST=192.0.2.1 is not an address of this machine. Set HOST',
    );
    const unresolvable = await runToExit({ ...upstream, PORT: '0', HOST: 'no-such-host.invalid' });
    expect(unresolvable.code).toBe(1);
    expect(unresolvable.stderr).toContain('HOST=no-such-host.invalid is not a name this machine can resolve');
  });

  it('with no UPSTREAM_URL, starts the embedded sandbox and prints the demo key and site', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'assetkit-embedded-'));
    const proxy = await startProxyProcess({ SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dataDir });
    try {
      expect(proxy.output()).toContain(`key=${DEMO_KEY}`);
      const url = proxy.api;
      const site = /site=(\S+)/.exec(proxy.output())?.[1] as string;
      const res = await fetch(`${url}/sites/${site}/assets`, { headers: { authorization: `Bearer ${DEMO_KEY}` } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ assets: expect.any(Array), pagination: expect.any(Object) });
    } finally {
      proxy.child.kill('SIGTERM');
      expect(await proxy.exited).toBe(0);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('in passthrough mode in front of the embedded sandbox, prints the bearer callers bring', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'assetkit-embedded-'));
    const proxy = await startProxyProcess({ AUTH_MODE: 'passthrough', SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dataDir });
    try {
      const bearer = /bearer=(\S+)/.exec(proxy.output())?.[1] as string;
      expect(proxy.output()).not.toContain('key=');
      const site = /site=(\S+)/.exec(proxy.output())?.[1] as string;
      const res = await fetch(`${proxy.api}/sites/${site}/assets`, { headers: { authorization: `Bearer ${bearer}` } });
      expect(res.status).toBe(200);
    } finally {
      proxy.child.kill('SIGTERM');
      expect(await proxy.exited).toBe(0);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('with PUBLIC_URL, prints it as the url callers use, and the address it listens on', async () => {
    const proxy = await startProxyProcess({
      UPSTREAM_URL: sandbox.url,
      UPSTREAM_TOKEN: sandbox.token,
      PROXY_KEYS: JSON.stringify([{ name: 'k', key: 'k'.repeat(20), scopes: ['assets:read'] }]),
      PUBLIC_URL: 'https://assets-proxy.example.com',
    });
    try {
      expect(proxy.api).toBe('https://assets-proxy.example.com/v2');
      const listening = /listening=(\S+)/.exec(proxy.output())?.[1] as string;
      expect(listening).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${listening}/healthz`)).status).toBe(200);
    } finally {
      proxy.child.kill('SIGTERM');
      expect(await proxy.exited).toBe(0);
    }
  });
});
