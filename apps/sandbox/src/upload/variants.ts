import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { extensionOf } from './media-types.js';

// The sandbox shares a small machine: one libvips thread, and no file cache (files are renamed
// under it right after they are written).
sharp.concurrency(1);
sharp.cache(false);

/** Webflow's responsive-image breakpoints; a variant is made for each width below the original's. */
export const BREAKPOINTS: readonly number[] = [500, 800, 1080, 1600, 2000, 2600, 3200];

/** Decompression-bomb guard: images above this many pixels are stored but get no variants. */
const MAX_INPUT_PIXELS = 64_000_000;

/** What probing an image's bytes found. */
export interface ImageProbe {
  /** The content type the bytes really have, when it is one Webflow accepts. */
  contentType: string | undefined;
  format: string;
  width: number;
  /** Height of one frame (animated images stack frames). */
  height: number;
  pages: number;
}

/** One variant written to the staging directory. */
export interface VariantFile {
  width: number;
  height: number;
  format: string;
  /** Webflow-style name: `<base>-p-<width>.<ext>`. */
  fileName: string;
  /** Name of the file in the staging directory. */
  stagedName: string;
  size: number;
  quality: number;
}

const CONTENT_TYPES: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
};

/**
 * Reads an image's real format and size with sharp, or `undefined` when the bytes are not an
 * image it can decode. The bytes are read apart from the decoding: a file that cannot be read
 * is an error, not a file that is no image.
 *
 * @example
 * await probeImage('/data/tmp/ab12/original'); // { contentType: 'image/png', format: 'png', width: 1200, height: 600, pages: 1 }
 */
export async function probeImage(path: string): Promise<ImageProbe | undefined> {
  const bytes = await readFile(path);
  try {
    const meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    if (!meta.format || !meta.width || !meta.height) {
      return undefined;
    }
    const avif = meta.format === 'heif' && meta.compression === 'av1';
    return {
      contentType: avif ? 'image/avif' : CONTENT_TYPES[meta.format],
      format: avif ? 'avif' : meta.format,
      width: meta.width,
      height: meta.pageHeight ?? meta.height,
      pages: meta.pages ?? 1,
    };
  } catch {
    return undefined;
  }
}

function encoder(format: string): { apply: (image: Sharp) => Sharp; quality: number } | undefined {
  switch (format) {
    case 'jpeg':
      return { apply: (i) => i.jpeg({ quality: 100 }), quality: 100 };
    case 'png':
      return { apply: (i) => i.png(), quality: 100 };
    case 'webp':
      return { apply: (i) => i.webp({ quality: 100 }), quality: 100 };
    case 'gif':
      return { apply: (i) => i.gif(), quality: 100 };
    case 'avif':
      // AVIF at quality 100 takes seconds per variant; 80 at low effort is what the sandbox can afford.
      return { apply: (i) => i.avif({ quality: 80, effort: 2 }), quality: 80 };
    default:
      return undefined;
  }
}

/**
 * Writes the responsive variants of a raster image into `dir`: one per breakpoint narrower
 * than the original, same format, named like Webflow's (`photo-p-500.png`).
 *
 * @example
 * await makeVariants({ source, dir: staging.dir, fileName: 'photo.png', probe }); // [{ width: 500, height: 250, … }, …]
 */
export async function makeVariants(options: {
  source: string;
  dir: string;
  fileName: string;
  probe: ImageProbe;
}): Promise<VariantFile[]> {
  const { probe } = options;
  const encode = encoder(probe.format);
  if (!encode || probe.width * probe.height * probe.pages > MAX_INPUT_PIXELS) {
    return [];
  }
  const ext = extensionOf(options.fileName);
  const base = ext ? options.fileName.slice(0, -(ext.length + 1)) : options.fileName;
  const animated = probe.pages > 1;
  const variants: VariantFile[] = [];
  const widths = BREAKPOINTS.filter((w) => w < probe.width);
  const stagedNameOf = (width: number) => `p-${width}`;
  const removeStaged = () =>
    Promise.all(widths.map((width) => rm(join(options.dir, stagedNameOf(width)), { force: true })));
  try {
    // Read once, apart from the decoding: a source that cannot be read is an error, not an image
    // whose pixels do not decode.
    const bytes = widths.length > 0 ? await readFile(options.source) : undefined;
    for (const width of widths) {
      const stagedName = stagedNameOf(width);
      const resized = sharp(bytes, { animated, limitInputPixels: MAX_INPUT_PIXELS }).resize({ width });
      const encoded = await encode
        .apply(resized)
        .toBuffer({ resolveWithObject: true })
        .catch(() => undefined);
      if (!encoded) {
        // A file whose header reads as an image but whose pixels do not decode (a truncated PNG or
        // JPEG): storage keeps the bytes as they are, like S3, and the asset gets no variants.
        await removeStaged();
        return [];
      }
      // Written apart from the decoding, so a disk that fails is an error, not an image without variants.
      await writeFile(join(options.dir, stagedName), encoded.data);
      variants.push({
        width: encoded.info.width,
        height: Math.round(encoded.info.height / (animated ? probe.pages : 1)),
        format: probe.format,
        fileName: `${base}-p-${width}${ext ? `.${ext}` : ''}`,
        stagedName,
        size: encoded.info.size,
        quality: encode.quality,
      });
    }
  } catch (error) {
    await removeStaged();
    throw error;
  }
  return variants;
}
