/**
 * How many pieces a body is kept as before they are joined: a body of ordinary size comes in a
 * handful (a 126 kB list in 2 to 10 socket reads), joined once at the end as before.
 */
const MAX_PIECES = 64;

/** The bytes of a body that arrives in pieces (see {@link bodyBytes}). */
export interface BodyBytes {
  /** Appends a piece. */
  add(chunk: Buffer): void;
  /** How many bytes have been added. */
  readonly size: number;
  /** Everything added, as one buffer; `undefined` for nothing. */
  bytes(): Buffer | undefined;
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
 * @example
 * const body = bodyBytes({ limitBytes: 1024 * 1024 });
 * req.on('data', (chunk: Buffer) => body.add(chunk));
 * req.once('end', () => resolve(body.bytes()));
 */
export function bodyBytes({ limitBytes }: { limitBytes: number }): BodyBytes {
  let pieces: Buffer[] = [];
  let joined: Buffer | undefined;
  let size = 0;
  return {
    add(chunk) {
      const end = size + chunk.length;
      if (joined === undefined) {
        pieces.push(chunk);
        size = end;
        if (pieces.length > MAX_PIECES) {
          joined = Buffer.allocUnsafe(Math.max(size, Math.min(limitBytes, size * 2)));
          let at = 0;
          for (const piece of pieces) {
            at += piece.copy(joined, at);
          }
          pieces = [];
        }
        return;
      }
      if (end > joined.length) {
        const grown = Buffer.allocUnsafe(Math.max(end, Math.min(limitBytes, joined.length * 2)));
        joined.copy(grown, 0, 0, size);
        joined = grown;
      }
      chunk.copy(joined, size);
      size = end;
    },
    get size() {
      return size;
    },
    bytes() {
      if (size === 0) {
        return undefined;
      }
      if (joined !== undefined) {
        return joined.subarray(0, size);
      }
      return pieces.length === 1 ? pieces[0] : Buffer.concat(pieces, size);
    },
  };
}
