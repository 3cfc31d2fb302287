/**
 * How many pieces a body is kept as before they are joined: a body of ordinary size comes in a
 * handful (a 126 kB list in 2 to 10 socket reads), joined once at the end.
 */
const MAX_PIECES = 64;

/** The bytes of a body that arrives in pieces (see {@link bodyBytes}). */
export interface BodyBytes<B extends Uint8Array> {
  /** Appends a piece. */
  add(chunk: B): void;
  /** How many bytes have been added. */
  readonly size: number;
  /** Everything added, as one buffer; `undefined` for nothing. */
  bytes(): B | undefined;
}

/**
 * Collects a body that arrives in pieces. Up to {@link MAX_PIECES} pieces are kept as they came
 * and joined once at the end (one piece is not copied at all); past that, they go into one buffer
 * that doubles as it fills (never past `limitBytes`, the most the caller lets in). Why not keep
 * every piece: each is an object of its own, about a hundred bytes of heap beside its bytes, and
 * HTTP lets a sender cut a body into as many pieces as it likes. A chunked body of one-byte chunks
 * (7 bytes each on the wire) made a 1 MB request body a million of them, about 100 MB of heap for
 * one request, and a 20 MB upstream response some 2 GB.
 *
 * `allocate` makes the buffers it copies into (in Node, `Buffer.allocUnsafe`: the bytes are
 * Buffers, as they came, and need no clearing); the contract itself uses no Node API.
 *
 * @example
 * const body = bodyBytes({ limitBytes: 1024 * 1024, allocate: Buffer.allocUnsafe });
 * req.on('data', (chunk: Buffer) => body.add(chunk));
 * req.once('end', () => resolve(body.bytes()));
 */
export function bodyBytes<B extends Uint8Array>({
  limitBytes,
  allocate,
}: {
  limitBytes: number;
  allocate: (size: number) => B;
}): BodyBytes<B> {
  let pieces: B[] = [];
  let joined: B | undefined;
  let size = 0;
  const join = (capacity: number): B => {
    const into = allocate(capacity);
    let at = 0;
    for (const piece of pieces) {
      into.set(piece, at);
      at += piece.length;
    }
    pieces = [];
    return into;
  };
  return {
    add(chunk) {
      const end = size + chunk.length;
      if (joined === undefined) {
        pieces.push(chunk);
        size = end;
        if (pieces.length > MAX_PIECES) {
          joined = join(Math.max(size, Math.min(limitBytes, size * 2)));
        }
        return;
      }
      if (end > joined.length) {
        const grown = allocate(Math.max(end, Math.min(limitBytes, joined.length * 2)));
        grown.set(joined.subarray(0, size));
        joined = grown;
      }
      joined.set(chunk, size);
      size = end;
    },
    get size() {
      return size;
    },
    bytes() {
      if (size === 0) {
        return undefined;
      }
      if (joined === undefined) {
        joined = pieces.length === 1 ? (pieces[0] as B) : join(size);
      }
      return joined.length === size ? joined : (joined.subarray(0, size) as B);
    },
  };
}
