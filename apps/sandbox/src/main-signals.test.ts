import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startHalfUpload } from '../test/half-upload.js';
import { apiClient, startTestSandbox } from '../test/helpers.js';
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
    const upload = await startHalfUpload({ url, site, dataDir, fileName: 'drained.pdf', bytes });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;

    child.kill('SIGTERM');
    // The second signal is sent once the first one's shutdown has begun, so the two are never one.
    await stdout.until(/shutting down: finishing in-flight requests/);
    child.kill('SIGTERM');
    await stdout.until(/"signal":"SIGTERM".*still finishing in-flight requests/);
    upload.finish();

    const res = await upload.answered;
    res.resume();
    expect(res.statusCode).toBe(201);
    expect(await exited, err).toEqual([0, null]);
    const restarted = await startTestSandbox({ dataDir });
    try {
      const asset = await apiClient(restarted).call('GET', `/v2/assets/${upload.created.id}`);
      expect(asset.body).toMatchObject({ size: bytes.length });
    } finally {
      await restarted.close();
    }
  });
});
