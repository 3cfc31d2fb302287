/**
 * The largest answer body a client of the API reads: far above any answer of the APIs here (a page
 * of 100 assets is about 126 kB, a Webflow file at most 10 MB), and the proxy's default
 * `UPSTREAM_MAX_RESPONSE_BYTES`. Past it a server is sending something else (an endless or
 * runaway body), which would otherwise fill memory until a timeout ended it.
 */
export const MAX_ANSWER_BODY_BYTES = 20 * 1024 * 1024;

/** An answer's body was larger than the reader's limit; it was not read further. */
export class BodyTooLargeError extends RangeError {
  override readonly name = 'BodyTooLargeError';

  constructor(
    readonly limit: number,
    reader: string,
  ) {
    super(`the answer's body is larger than ${limit / 1024 / 1024} MiB (${limit} bytes), the most ${reader} reads`);
  }
}

/**
 * Reads a fetch `Response`'s whole body, at most `limit` bytes: a larger `Content-Length`, or more
 * bytes than that as they arrive, cancels the body and throws {@link BodyTooLargeError} (`reader`
 * names who stopped, for its message).
 *
 * @example
 * const bytes = await readCappedBody(await fetch(url), { reader: 'this suite' });
 */
export async function readCappedBody(
  response: Response,
  { limit = MAX_ANSWER_BODY_BYTES, reader }: { limit?: number; reader: string },
): Promise<Uint8Array<ArrayBuffer>> {
  if (!response.body) {
    return new Uint8Array(0);
  }
  if (Number(response.headers.get('content-length') ?? '') > limit) {
    await response.body.cancel().catch(() => {});
    throw new BodyTooLargeError(limit, reader);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const stream = response.body.getReader();
  for (;;) {
    const { done, value } = await stream.read();
    if (done) {
      break;
    }
    size += value.byteLength;
    if (size > limit) {
      await stream.cancel().catch(() => {});
      throw new BodyTooLargeError(limit, reader);
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
