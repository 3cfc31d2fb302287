/**
 * How many pieces a body is kept as before they are joined: a body of ordinary size comes in a
 * handful (a 126 kB list in 2 to 10 socket reads), joined once at the end.
 */
const MAX_PIECES = 64;

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
 * Buffers, as they came, and need no clearing); the contract itself uses no Node API. A class, not
 * an object of closures: it is made for every request and every upstream answer, and the closures'
 * shared context was measured to cost the proxy 10% CPU and 20 MB of RSS under load.
 *
 * @example
 * const body = new BodyBytes(1024 * 1024, Buffer.allocUnsafe);
 * req.on('data', (chunk: Buffer) => body.add(chunk));
 * req.once('end', () => resolve(body.bytes()));
 */
export class BodyBytes<B extends Uint8Array> {
  /** How many bytes have been added. */
  size = 0;
  #pieces: B[] = [];
  #joined: B | undefined;

  constructor(
    private readonly limitBytes: number,
    private readonly allocate: (size: number) => B,
  ) {}

  /** Appends a piece. */
  add(chunk: B): void {
    const end = this.size + chunk.length;
    if (this.#joined === undefined) {
      this.#pieces.push(chunk);
      this.size = end;
      if (this.#pieces.length > MAX_PIECES) {
        this.#joined = this.#join(Math.max(end, Math.min(this.limitBytes, end * 2)));
      }
      return;
    }
    if (end > this.#joined.length) {
      const grown = this.allocate(Math.max(end, Math.min(this.limitBytes, this.#joined.length * 2)));
      grown.set(this.#joined.subarray(0, this.size));
      this.#joined = grown;
    }
    this.#joined.set(chunk, this.size);
    this.size = end;
  }

  /** Everything added, as one buffer; `undefined` for nothing. */
  bytes(): B | undefined {
    if (this.size === 0) {
      return undefined;
    }
    if (this.#joined === undefined) {
      this.#joined = this.#pieces.length === 1 ? (this.#pieces[0] as B) : this.#join(this.size);
    }
    return this.#joined.length === this.size ? this.#joined : (this.#joined.subarray(0, this.size) as B);
  }

  #join(capacity: number): B {
    const into = this.allocate(capacity);
    let at = 0;
    for (const piece of this.#pieces) {
      into.set(piece, at);
      at += piece.length;
    }
    this.#pieces = [];
    return into;
  }
}
