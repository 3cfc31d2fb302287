import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { BlobStore } from '../storage/blob-store.js';

/** Decompression-bomb guard, as on the Webflow side. */
const MAX_INPUT_PIXELS = 64_000_000;

/** sharp's format names → Konifer's `ImageFormat` (`jpg png webp avif jxl heic gif`). */
const FORMATS: Readonly<Record<string, string>> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  jxl: 'jxl',
  heif: 'heic',
};

/** The original of a stored image: where its bytes are and what they really are. */
export interface StoredImage {
  storeKey: string;
  blobId: string;
  blobGeneration: string;
  width: number;
  height: number;
  format: string;
  pageCount: number;
  loop: number;
  size: number;
}

/** Content that is not an image Konifer stores (its `InvalidImageException`, a 400). */
export class NotAnImageError extends Error {
  constructor(message = 'Not an image type') {
    super(message);
    this.name = 'NotAnImageError';
  }
}

async function probe(path: string) {
  try {
    const meta = await sharp(path, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    const format = meta.format === 'heif' && meta.compression === 'av1' ? 'avif' : FORMATS[meta.format ?? ''];
    if (!format || !meta.width || !meta.height) {
      return undefined;
    }
    const pages = meta.pages ?? 1;
    return {
      format,
      width: meta.width,
      height: meta.pageHeight ?? meta.height,
      pageCount: pages,
      loop: meta.loop ?? 0,
    };
  } catch {
    return undefined;
  }
}

/**
 * Stores uploaded bytes as an asset's original: writes them to staging, reads their real format
 * and size with sharp (the name or declared type of the part do not matter, as Konifer sniffs the
 * content too), and publishes them under a fresh store key. Throws {@link NotAnImageError} for
 * anything sharp cannot decode or Konifer has no format for.
 *
 * @example
 * const image = await storeImage(blobs, bytes); // { storeKey: '7c9e….png', width: 64, height: 48, format: 'png', … }
 */
export async function storeImage(blobs: BlobStore, bytes: Uint8Array): Promise<StoredImage> {
  const staging = await blobs.stage();
  try {
    const file = join(staging.dir, 'original');
    await writeFile(file, bytes);
    const facts = await probe(file);
    if (!facts) {
      throw new NotAnImageError();
    }
    const blobId = randomUUID();
    await blobs.publish(blobId, staging);
    return {
      ...facts,
      storeKey: `${blobId}.${facts.format}`,
      blobId,
      blobGeneration: staging.generation,
      size: bytes.length,
    };
  } catch (error) {
    await blobs.discard(staging);
    throw error;
  }
}
