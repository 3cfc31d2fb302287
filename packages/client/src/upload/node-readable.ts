import type { NodeReadableLike } from './upload-data.js';

/**
 * Collects a Node readable stream into one byte array. Buffers are `Uint8Array`s; string chunks
 * (a stream with `setEncoding`) are encoded back to UTF-8. A stream error rejects with that error.
 *
 * Kept in its own module, loaded with `import()` only when the data is a Node stream, so the core
 * of the client has no Node-only code path.
 *
 * @example
 * const bytes = await readNodeReadable(fs.createReadStream('logo.png'));
 */
export async function readNodeReadable(stream: NodeReadableLike): Promise<Uint8Array<ArrayBuffer>> {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    chunks.push(bytes);
    length += bytes.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
