import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVariants, probeImage } from './variants.js';

describe('makeVariants', () => {
  let dir: string;
  let source: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assetkit-variants-'));
    source = join(dir, 'source.png');
    await sharp({ create: { width: 900, height: 600, channels: 3, background: '#336699' } })
      .png()
      .toFile(source);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes one variant per breakpoint narrower than the image', async () => {
    const out = join(dir, 'ok');
    await rm(out, { recursive: true, force: true });
    await mkdir(out);
    const probe = await probeImage(source);
    const variants = await makeVariants({
      source,
      dir: out,
      fileName: 'photo.png',
      probe: probe as NonNullable<typeof probe>,
    });
    expect(variants.map((v) => [v.fileName, v.width, v.height])).toEqual([
      ['photo-p-500.png', 500, 333],
      ['photo-p-800.png', 800, 533],
    ]);
    expect((await readdir(out)).sort()).toEqual(['p-500', 'p-800']);
  });

  // Every error used to read as "pixels that do not decode": a disk that refused the variant
  // left the asset without variants, silently. /dev/full refuses every write with ENOSPC.
  it('fails when the disk refuses a variant, instead of storing the image without variants', async () => {
    const out = join(dir, 'full');
    await mkdir(out);
    await symlink('/dev/full', join(out, 'p-500'));
    const probe = await probeImage(source);
    await expect(
      makeVariants({ source, dir: out, fileName: 'photo.png', probe: probe as NonNullable<typeof probe> }),
    ).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await readdir(out)).toEqual([]);
  });

  // A source that could not be read used to read as an image whose pixels do not decode: the
  // upload was stored without variants (or, for the probe, as no image at all), silently.
  it('fails when the source cannot be read, instead of calling it no image or undecodable', async () => {
    const probe = await probeImage(source);
    const missing = join(dir, 'missing.png');
    await expect(probeImage(missing)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(
      makeVariants({ source: missing, dir, fileName: 'photo.png', probe: probe as NonNullable<typeof probe> }),
    ).rejects.toMatchObject({ code: 'ENOENT' });
    const notImage = join(dir, 'not-an-image.png');
    await writeFile(notImage, 'plain text, no pixels');
    expect(await probeImage(notImage)).toBeUndefined();
  });
});
