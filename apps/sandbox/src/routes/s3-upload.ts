import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type Request, type Response, Router } from 'express';
import type { Logger } from 'pino';
import type { AssetRow } from '../storage/assets-repo.js';
import type { Staging } from '../storage/blob-store.js';
import type { Store } from '../storage/store.js';
import { mediaTypeOf } from '../upload/media-types.js';
import { afterBodyDrained, receiveForm, UploadAborted } from '../upload/receive-form.js';
import { errorXml, postResponseXml, S3Error } from '../upload/s3-xml.js';
import { makeVariants, probeImage } from '../upload/variants.js';
import { verifyPostForm } from '../upload/verify-post.js';
import { hostedUrl } from './asset-view.js';

const KEY = /^([0-9a-f]{24})\/([0-9a-f]{24})_(.+)$/s;

function assetForKey(store: Store, key: string): AssetRow {
  const [, siteId, assetId, fileName] = KEY.exec(key) ?? [];
  const asset = assetId ? store.assets.get(assetId) : undefined;
  if (!asset || asset.siteId !== siteId || asset.fileName !== fileName) {
    throw new S3Error(
      404,
      'NoSuchUpload',
      'The asset this upload was created for does not exist (it may have been deleted).',
    );
  }
  return asset;
}

function sendXml(res: Response, status: number, xml: string): void {
  res.status(status).setHeader('Content-Type', 'application/xml');
  res.end(xml);
}

/**
 * The S3-like endpoint `uploadUrl` points at: `POST /_s3/<bucket>` with a browser-POST form
 * (the `uploadDetails` fields, then `file`). It verifies the form like S3 (signature, policy
 * expiry and conditions, key), checks the file's MD5 against the `fileHash` given at create and
 * Webflow's size limits, makes the responsive variants, then commits everything atomically
 * (staged files renamed into place, one database transaction). Answers S3's XML: 201 with a
 * `PostResponse`, or an `Error`.
 *
 * @example
 * app.use('/_s3', s3UploadRouter({ store, bucket: 'assetkit-sandbox', publicUrl, now: Date.now, logger }));
 */
export function s3UploadRouter(deps: {
  store: Store;
  bucket: string;
  publicUrl: string;
  now: () => number;
  logger: Logger;
}): Router {
  const { store } = deps;
  const router = Router();

  async function upload(req: Request, res: Response, staging: Staging): Promise<string> {
    let asset: AssetRow | undefined;
    const path = join(staging.dir, 'original');
    const file = await receiveForm(req, {
      path,
      authorize(fields) {
        const verified = verifyPostForm(fields, { bucket: deps.bucket, secret: store.uploadSecret, now: deps.now() });
        asset = assetForKey(store, verified.key);
        const limit = mediaTypeOf(asset.fileName)?.maxBytes ?? 0;
        return { minBytes: verified.minBytes, maxBytes: Math.min(verified.maxBytes, limit) };
      },
    });
    const target = asset as AssetRow;
    const media = mediaTypeOf(target.fileName);
    if (file.tooLarge || !media) {
      throw new S3Error(
        400,
        'EntityTooLarge',
        `Your proposed upload exceeds the maximum allowed size (${media?.maxBytes ?? 0} bytes for this file type).`,
      );
    }
    if (file.size < 1) {
      throw new S3Error(
        400,
        'EntityTooSmall',
        'Your proposed upload is smaller than the minimum allowed size (1 byte).',
      );
    }
    if (file.md5 !== target.fileHash) {
      throw new S3Error(
        400,
        'BadDigest',
        `The MD5 of the file (${file.md5}) does not match the fileHash given when the asset was created.`,
      );
    }
    const probe = media.category === 'image' ? await probeImage(path) : undefined;
    const variants =
      media.raster && probe
        ? await makeVariants({ source: path, dir: staging.dir, fileName: target.fileName, probe })
        : [];
    await store.blobs.publish(target.id, staging);
    const committed = store.assets.commitUpload(
      target.id,
      {
        size: file.size,
        contentType: probe?.contentType ?? media.contentType,
        generation: staging.generation,
        variants,
      },
      new Date(deps.now()).toISOString(),
    );
    if (!committed) {
      // The asset is gone (ids are never reused): its directory goes with the generation just published.
      await store.blobs.removeAsset(target.id);
      throw new S3Error(404, 'NoSuchUpload', 'The asset was deleted while its file was being uploaded.');
    }
    if (committed.previousGeneration) {
      await store.blobs.removeGeneration(target.id, committed.previousGeneration);
    }
    const key = `${target.siteId}/${target.id}_${target.fileName}`;
    res.setHeader('ETag', `"${file.md5}"`);
    res.setHeader('Location', hostedUrl(deps.publicUrl, target.siteId, target.id, target.fileName));
    return postResponseXml({
      location: hostedUrl(deps.publicUrl, target.siteId, target.id, target.fileName),
      bucket: deps.bucket,
      key,
      etag: file.md5,
    });
  }

  router.post('/:bucket', async (req, res) => {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    res.setHeader('x-amz-request-id', requestId);
    let staging: Staging | undefined;
    try {
      if (req.params.bucket !== deps.bucket) {
        throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
      }
      staging = await store.blobs.stage();
      sendXml(res, 201, await upload(req, res, staging));
    } catch (error) {
      if (staging) {
        await store.blobs.discard(staging);
      }
      if (error instanceof UploadAborted) {
        deps.logger.info({ requestId }, 'upload aborted by the client; nothing was kept');
        return;
      }
      const s3Error =
        error instanceof S3Error
          ? error
          : new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.');
      if (!(error instanceof S3Error)) {
        deps.logger.error({ err: error, requestId }, 'upload failed');
      }
      afterBodyDrained(req, () => sendXml(res, s3Error.status, errorXml(s3Error, requestId)));
    }
  });

  router.all('/{*rest}', (req, res) => {
    const error = new S3Error(
      405,
      'MethodNotAllowed',
      `The specified method (${req.method}) is not allowed against this resource; POST a form to /_s3/${deps.bucket}.`,
    );
    res.setHeader('Allow', 'POST');
    afterBodyDrained(req, () => sendXml(res, 405, errorXml(error, randomBytes(8).toString('hex').toUpperCase())));
  });
  return router;
}
