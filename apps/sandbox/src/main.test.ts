import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { canListen, holdNeighbouringPorts } from '@assetkit/vitest-config/held-ports';
import { describe, expect, it } from 'vitest';
import { startHalfUpload } from '../test/half-upload.js';
import { apiClient, startTestSandbox } from '../test/helpers.js';
import { readyUrl, useMainProcesses } from '../test/main-process.js';

describe('main (the start command)', () => {
  const main = useMainProcesses('sandbox-main-');

  it('prints one ready line with URL, site and tokens, serves the API, and exits 0 on SIGTERM', async () => {
    const child = main.spawn({ PORT: '0', DATA_DIR: main.dir('ready') });
    const [, url, site, token, readToken] = await readyUrl(child);
    expect([site, token, readToken]).toEqual(['65f0a1b2c3d4e5f6a7b8c9d0', 'sandbox-token', 'sandbox-read-token']);
    const res = await fetch(`${url}/v2/sites/${site}/assets`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('refuses to start with every configuration problem listed', async () => {
    const child = main.spawn({ PORT: 'eighty', RATE_LIMIT_PER_MINUTE: '-1' });
    let err = '';
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(err).toContain('invalid sandbox configuration');
    expect(err).toContain('PORT "eighty" must be an integer');
    expect(err).toContain('RATE_LIMIT_PER_MINUTE');
  });

  /** What a start command that exits prints to stderr, and its exit code. */
  async function refusal(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; err: string }> {
    let err = '';
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    return { code, err };
  }

  // Found in review: a second sandbox on the same data directory started, swept the first one's
  // staged uploads as a crash's leftovers, and wrote the same SQLite file.
  it('refuses a second sandbox on a data directory another one uses, naming the directory and its pid', async () => {
    const dataDir = main.dir('shared');
    const first = main.spawn({ PORT: '0', DATA_DIR: dataDir });
    const [, url, site] = await readyUrl(first);
    const second = main.spawn({ PORT: '0', DATA_DIR: dataDir });
    const { code, err } = await refusal(second);
    expect(code).toBe(1);
    expect(err).toContain(`data directory ${dataDir} is in use by another sandbox (pid ${first.pid}`);
    // The first one is untouched and still serving.
    const res = await fetch(`${url}/v2/sites/${site}/assets`, { headers: { authorization: 'Bearer sandbox-token' } });
    expect(res.status).toBe(200);
  });

  it('starts on a data directory whose sandbox was killed (SIGKILL), whatever its pid file says', async () => {
    const dataDir = main.dir('crashed');
    const first = main.spawn({ PORT: '0', DATA_DIR: dataDir });
    await readyUrl(first);
    expect(JSON.parse(readFileSync(join(dataDir, 'sandbox.pid'), 'utf8'))).toMatchObject({ pid: first.pid });
    first.kill('SIGKILL');
    await once(first, 'exit');
    const restarted = main.spawn({ PORT: '0', DATA_DIR: dataDir });
    await readyUrl(restarted);
    // A crash's pid file naming a pid that is alive again (here this test's own process) blocks nothing either.
    restarted.kill('SIGKILL');
    await once(restarted, 'exit');
    writeFileSync(join(dataDir, 'sandbox.pid'), JSON.stringify({ pid: process.pid, host: hostname() }));
    const again = main.spawn({ PORT: '0', DATA_DIR: dataDir });
    await readyUrl(again);
    expect(JSON.parse(readFileSync(join(dataDir, 'sandbox.pid'), 'utf8'))).toMatchObject({ pid: again.pid });
  });

  // Found by a new user: a second sandbox (or one started beside the root `pnpm start`, whose
  // embedded sandbox holds 4010) said only `listen EADDRINUSE: address already in use`.
  it('says which variable to change when it cannot listen', async () => {
    const stderrOf = (env: Record<string, string>) => {
      const child = main.spawn({ DATA_DIR: main.dir('second'), ...env });
      return refusal(child);
    };
    // Found by a new user: the port suggested was the next one, in use too.
    const held = await holdNeighbouringPorts();
    const [port, next] = held.ports;
    const busy = await stderrOf({ PORT: String(port) }).finally(() => held.close());
    const suggested = /such as PORT=(\d+)\n$/.exec(busy.err)?.[1];
    expect(busy).toEqual({
      code: 1,
      err: `assetkit sandbox: cannot start the sandbox: 127.0.0.1:${port} is already in use (another sandbox, or the root pnpm start, whose embedded sandbox listens on 4010?). Stop it, or choose another port, such as PORT=${suggested}\n`,
    });
    expect([port, next]).not.toContain(Number(suggested));
    expect(await canListen('127.0.0.1', Number(suggested))).toBe(true);
    // 192.0.2.1 is reserved for documentation (RFC 5737): no machine has it.
    const elsewhere = await stderrOf({ PORT: '0', HOST: '192.0.2.1' });
    expect(elsewhere).toEqual({
      code: 1,
      err: 'assetkit sandbox: cannot start the sandbox: HOST=192.0.2.1 is not an address of this machine. Set HOST to one of its addresses, 127.0.0.1 or 0.0.0.0 (every address)\n',
    });
    const unresolvable = await stderrOf({ PORT: '0', HOST: 'no-such-host.invalid' });
    expect(unresolvable.err).toBe(
      'assetkit sandbox: cannot start the sandbox: HOST=no-such-host.invalid is not a name this machine can resolve. Set HOST to an address of this machine, 127.0.0.1 or 0.0.0.0 (every address)\n',
    );
  });

  it('leaves no half-visible asset when the process is killed mid-upload', async () => {
    const dataDir = main.dir('killed');
    const child = main.spawn({ PORT: '0', DATA_DIR: dataDir });
    const [, url, site] = await readyUrl(child);
    const bytes = Buffer.alloc(256 * 1024, 7);
    const upload = await startHalfUpload({ url, site, dataDir, fileName: 'killed.pdf', bytes });
    child.kill('SIGKILL');
    await once(child, 'exit');
    upload.req.destroy();

    const restarted = await startTestSandbox({ dataDir });
    try {
      expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
      const asset = await apiClient(restarted).call('GET', `/v2/assets/${upload.created.id}`);
      expect(asset.body).toMatchObject({ size: 0, variants: [] });
      expect((await fetch(asset.body.hostedUrl)).status).toBe(404);
    } finally {
      await restarted.close();
    }
  });
});
