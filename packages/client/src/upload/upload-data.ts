/**
 * A Node.js readable stream as far as the upload needs it (structurally, so the core never imports
 * `node:stream`): something with `pipe`/`on` that yields `Buffer`/`Uint8Array`/string chunks.
 *
 * @example
 * const data: NodeReadableLike = fs.createReadStream('logo.png');
 */
export interface NodeReadableLike extends AsyncIterable<Uint8Array | string> {
  pipe: (...args: never[]) => unknown;
  on: (...args: never[]) => unknown;
}

/**
 * The file bytes `assets.upload` accepts: bytes, a `Blob`/`File`, a web `ReadableStream`, or a
 * Node readable stream (e.g. `fs.createReadStream(path)`).
 *
 * @example
 * const data: UploadData = await readFile('logo.png'); // a Buffer is a Uint8Array
 */
export type UploadData = Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array> | NodeReadableLike;

function isNodeReadable(data: unknown): data is NodeReadableLike {
  const candidate = data as Partial<NodeReadableLike> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.pipe === 'function' &&
    typeof candidate.on === 'function' &&
    typeof candidate[Symbol.asyncIterator] === 'function'
  );
}

/** Copies into a plain `ArrayBuffer`-backed array (what `Blob` parts and WebCrypto-style APIs want). */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

/**
 * Reads upload data into memory. The whole file is needed twice, for the MD5 that `create-asset`
 * requires before anything is sent and then for the storage POST, and Webflow caps files at
 * 4 MB (images) / 10 MB (documents), so buffering is the simple, correct choice.
 *
 * @example
 * const bytes = await readUploadData(new Blob(['hello']));
 */
export async function readUploadData(data: UploadData): Promise<Uint8Array<ArrayBuffer>> {
  if (data instanceof Uint8Array) {
    return own(data);
  }
  if (data instanceof ArrayBuffer) {
    return new Uint8Array(data);
  }
  if (typeof Blob !== 'undefined' && data instanceof Blob) {
    return new Uint8Array(await data.arrayBuffer());
  }
  if (typeof ReadableStream !== 'undefined' && data instanceof ReadableStream) {
    return new Uint8Array(await new Response(data).arrayBuffer());
  }
  if (isNodeReadable(data)) {
    // Loaded only for Node streams, so browser bundles can leave it out.
    const { readNodeReadable } = await import('./node-readable.js');
    return readNodeReadable(data);
  }
  throw new TypeError('upload data must be a Uint8Array, ArrayBuffer, Blob, ReadableStream or Node readable stream');
}
