/** What a body's bytes are first copied into once it comes in more than one piece. */
const FIRST_CAPACITY = 16 * 1024;

/** The bytes of a body that arrives in pieces, kept as one buffer (see {@link bodyBytes}). */
export interface BodyBytes {
  /** Appends a piece; past the first, it is copied, and not kept. */
  add(chunk: Buffer): void;
  /** How many bytes have been added. */
  readonly size: number;
  /** Everything added, as one buffer; `undefined` for nothing. */
  bytes(): Buffer | undefined;
}

/**
 * Collects a body that arrives in pieces into one buffer that doubles as it fills (never past
 * `limitBytes`, the most the caller lets in). Why not keep the pieces and join them at the end:
 * each piece is an object of its own, about a hundred bytes of heap beside its bytes, and HTTP
 * lets a sender cut a body into as many pieces as it likes. A chunked body of one-byte chunks
 * (7 bytes each on the wire) made a 1 MB request body a million of them, about 100 MB of heap for
 * one request, and a 20 MB upstream response some 2 GB. A body that comes in one piece, as most
 * do, is kept as it came, not copied.
 *
 * @example
 * const body = bodyBytes({ limitBytes: 1024 * 1024 });
 * req.on('data', (chunk: Buffer) => body.add(chunk));
 * req.once('end', () => resolve(body.bytes()));
 */
export function bodyBytes({ limitBytes }: { limitBytes: number }): BodyBytes {
  let first: Buffer | undefined;
  let joined: Buffer | undefined;
  let size = 0;
  return {
    add(chunk) {
      const end = size + chunk.length;
      if (first === undefined && joined === undefined) {
        first = chunk;
      } else {
        if (joined === undefined || end > joined.length) {
          const capacity = Math.max(end, Math.min(limitBytes, Math.max(FIRST_CAPACITY, (joined?.length ?? 0) * 2)));
          const grown = Buffer.allocUnsafe(capacity);
          (joined ?? first)?.copy(grown, 0, 0, size);
          joined = grown;
          first = undefined;
        }
        chunk.copy(joined, size);
      }
      size = end;
    },
    get size() {
      return size;
    },
    bytes() {
      if (size === 0) {
        return undefined;
      }
      return joined === undefined ? first : joined.subarray(0, size);
    },
  };
}
