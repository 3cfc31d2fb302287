/**
 * The largest answer body the suite reads: far above any answer of the APIs it tests (a page of
 * 100 assets is about 100 KB, Webflow files are at most 10 MB) and the same bound as the proxy's
 * `UPSTREAM_MAX_RESPONSE_BYTES`. Past it a server is sending something else (an endless or
 * runaway body), which would otherwise fill memory until the timeout ended it.
 */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;

/** The answer's body was larger than {@link MAX_BODY_BYTES}; it was not read further. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the answer's body is larger than ${limit / 1024 / 1024} MiB (${limit} bytes), the most this suite reads`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a response's whole body, at most `limit` bytes: a larger `Content-Length`, or more bytes
 * than that as they arrive, cancels the body and throws {@link BodyTooLargeError}.
 *
 * @example
 * const bytes = await readBody(await fetch(url)); // Uint8Array, or BodyTooLargeError past 20 MiB
 */
export async function readBody(response: Response, limit = MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? '');
  if (!response.body) {
    return new Uint8Array(0);
  }
  if (Number.isFinite(declared) && declared > limit) {
    await response.body.cancel().catch(() => {});
    throw new BodyTooLargeError(limit);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
