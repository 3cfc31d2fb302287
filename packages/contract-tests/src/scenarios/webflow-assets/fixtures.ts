import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/** Every name the suite creates starts with this, followed by the run id, so leftovers are recognisable. */
export const NAME_PREFIX = 'assetkit-conformance';

/** Well-formed ObjectIds that no server will have (the suite's "unknown id"). */
export const UNKNOWN_ID = '0000000000000000000000a1';
/** A value that is not an ObjectId at all (the suite's "malformed id"). */
export const MALFORMED_ID = 'not-an-objectid';

/** The folder name of a run: `assetkit-conformance-<runId>`. */
export function runName(runId: string): string {
  return `${NAME_PREFIX}-${runId}`;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/**
 * A real, valid PNG, `width` × 2 pixels, whose `tEXt` chunk carries `label`, so every file of
 * every run has its own MD5 (servers that deduplicate by hash then cannot hand back someone
 * else's asset). Wider than 500 pixels, it gets responsive variants from a server that makes them.
 *
 * @example
 * makePng('assetkit-conformance-1a2b3c4d 1').subarray(1, 4).toString(); // 'PNG'
 */
export function makePng(label: string, width = 2): Uint8Array<ArrayBuffer> {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(2, 4); // height
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // colour type: RGB
  // Each row: filter type 0, then RGB per pixel (a gradient, so the image is not one colour).
  const row = (shift: number) =>
    Buffer.concat([
      Buffer.from([0]),
      ...Array.from({ length: width }, (_, x) => Buffer.from([x % 256, shift, 255 - (x % 256)])),
    ]);
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('tEXt', Buffer.from(`Comment\u0000${label}`, 'latin1')),
    chunk('IDAT', deflateSync(Buffer.concat([row(0), row(255)]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return new Uint8Array(png);
}

/** The MD5 of some bytes as 32 hex characters (the `fileHash` Webflow asks for). */
export function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** Whether two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** A plain-object view of a JSON body, so steps can read fields without casts everywhere. */
export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A string field of a JSON body, or `undefined`. */
export function text(value: unknown, field: string): string | undefined {
  const v = record(value)[field];
  return typeof v === 'string' ? v : undefined;
}

/** An array field of a JSON body (empty when absent or not an array). */
export function list(value: unknown, field: string): unknown[] {
  const v = record(value)[field];
  return Array.isArray(v) ? v : [];
}
