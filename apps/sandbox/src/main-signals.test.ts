import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { type IncomingMessage, request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiClient, md5, startTestSandbox } from '../test/helpers.js';
import { useMainProcesses } from '../test/main-process.js';

const READY = /^assetkit sandbox ready: url=(\S+) site=(\S+)/m;

/**
 * Everything the child writes to stdout (its ready line, its info log), read to the end: a reader
 * that stopped at the ready line would close the pipe, and the child's later log lines would fail.
 */
function watchStdout(child: ChildProcessWithoutNullStreams): { until(pattern: RegExp): Promise<RegExpExecArray> } {
  let out = '';
  const waiting: Array<() => void> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const check of waiting.splice(0)) {
      check();
    }
  });
  return {
    until(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out);
          if (match) {
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            reject(new Error(`exited before ${pattern}: ${out}`));
          } else {
            waiting.push(check);
          }
        };
        child.once('exit', check);
        check();
      });
    },
  };
}

describe('signals while the sandbox shuts down', { timeout: 60_000 }, () => {
  const main = useMainProcesses('sandbox-signals-');

  // Found in review: the shutdown listened with `process.once`, so a second SIGTERM (a supervisor
  // repeating itself, Ctrl-C pressed twice) met Node's default and killed the sandbox at once,
  // cutting the upload it was draining. The proxy already kept draining.
  it('keeps draining on a second SIGTERM: the upload in flight completes, and it exits 0', async () => {
    const dataDir = main.dir('twice');
    const child = main.spawn({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const stdout = watchStdout(child);
    const [, url, site] = await stdout.until(READY);
    const bytes = Buffer.alloc(256 * 1024, 7);
    const created = await (
      await fetch(`${url}/v2/sites/${site}/assets`, {
        method: 'POST',
        headers: { authorization: 'Bearer sandbox-token', 'content-type': 'application/json', connection: 'close' },
        body: JSON.stringify({ fileName: 'drained.pdf', fileHash: md5(bytes) }),
      })
    ).json();
    const boundary = 'drain-boundary';
    const fields = Object.entries(created.uploadDetails as Record<string, string>)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('');
    const req = request(created.uploadUrl, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
    });
    const answered = once(req, 'response') as Promise<[IncomingMessage]>;
    // Awaited below, unless the sandbox died first (then the test fails on that).
    answered.catch(() => {});
    req.write(`${fields}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="drained.pdf"\r\n\r\n`);
    req.write(bytes.subarray(0, bytes.length / 2));
    // The file part has reached the sandbox (staged): the request is in flight. Waited for well
    // past the moment it takes, so a loaded CI machine does not fail the test on the wait.
    await vi.waitFor(() => expect(readdirSync(join(dataDir, 'tmp'))).toHaveLength(1), {
      timeout: 30_000,
      interval: 20,
    });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;

    child.kill('SIGTERM');
    // The second signal is sent once the first one's shutdown has begun, so the two are never one.
    await stdout.until(/shutting down: finishing in-flight requests/);
    child.kill('SIGTERM');
    await stdout.until(/"signal":"SIGTERM".*still finishing in-flight requests/);
    req.write(bytes.subarray(bytes.length / 2));
    req.end(`\r\n--${boundary}--\r\n`);

    const [res] = await answered;
    res.resume();
    expect(res.statusCode).toBe(201);
    expect(await exited, err).toEqual([0, null]);
    const restarted = await startTestSandbox({ dataDir });
    try {
      const asset = await apiClient(restarted).call('GET', `/v2/assets/${created.id}`);
      expect(asset.body).toMatchObject({ size: bytes.length });
    } finally {
      await restarted.close();
    }
  });
});
