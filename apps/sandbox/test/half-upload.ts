import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { type ClientRequest, type IncomingMessage, request } from 'node:http';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import { md5 } from './helpers.js';

/** An upload a start-command test holds in flight: see {@link startHalfUpload}. */
export interface HalfUpload {
  /** What `create-asset` answered (the asset's `id`, its `uploadUrl`). */
  created: { id: string; uploadUrl: string; uploadDetails: Record<string, string> };
  req: ClientRequest;
  /** The upload's answer; rejects if the connection dies first (no unhandled rejection meanwhile). */
  answered: Promise<IncomingMessage>;
  /** Sends the second half of the file and closes the form. */
  finish(): void;
}

/**
 * Creates an asset on the sandbox at `url` and starts its upload: a chunked form whose file part
 * has sent half of `bytes`, once the sandbox has staged it under `<dataDir>/tmp` (waited for well
 * past the moment it takes, so a loaded CI machine does not fail on the wait). The sandbox is
 * then mid-request, for a test to signal or kill it.
 *
 * @example
 * const upload = await startHalfUpload({ url, site, dataDir, fileName: 'drained.pdf', bytes });
 * child.kill('SIGTERM');
 * upload.finish();
 * expect((await upload.answered).statusCode).toBe(201);
 */
export async function startHalfUpload({
  url,
  site,
  dataDir,
  fileName,
  bytes,
}: {
  /** As the ready line's pattern captured them. */
  url: string | undefined;
  site: string | undefined;
  dataDir: string;
  fileName: string;
  bytes: Buffer;
}): Promise<HalfUpload> {
  if (url === undefined || site === undefined) {
    throw new Error('startHalfUpload needs the sandbox URL and site of its ready line');
  }
  const created = await (
    await fetch(`${url}/v2/sites/${site}/assets`, {
      method: 'POST',
      headers: { authorization: 'Bearer sandbox-token', 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify({ fileName, fileHash: md5(bytes) }),
    })
  ).json();
  const boundary = 'half-upload-boundary';
  const fields = Object.entries(created.uploadDetails as Record<string, string>)
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join('');
  const req = request(created.uploadUrl, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
  });
  const answered = (once(req, 'response') as Promise<[IncomingMessage]>).then(([res]) => res);
  answered.catch(() => {});
  // A sandbox killed mid-upload resets the connection: the answer rejects, and nothing else throws.
  req.on('error', () => {});
  req.write(`${fields}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n\r\n`);
  req.write(bytes.subarray(0, bytes.length / 2));
  await vi.waitFor(() => expect(readdirSync(join(dataDir, 'tmp'))).toHaveLength(1), { timeout: 30_000, interval: 20 });
  return {
    created,
    req,
    answered,
    finish() {
      req.write(bytes.subarray(bytes.length / 2));
      req.end(`\r\n--${boundary}--\r\n`);
    },
  };
}
