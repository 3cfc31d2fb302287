import { type Response, Router } from 'express';
import type { Store } from '../storage/store.js';
import { errorXml, S3Error } from '../upload/s3-xml.js';

const OBJECT_NAME = /^([0-9a-f]{24})_(.+)$/s;

function noSuchKey(res: Response): void {
  const error = new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
  res.status(404).setHeader('Content-Type', 'application/xml');
  res.end(errorXml(error, 'hosted'));
}

/**
 * Serves uploaded files at their `hostedUrl` (`/_assets/<siteId>/<assetId>_<name>`), the
 * original and its `-p-<width>` variants, like a CDN: the stored content type, long caching,
 * range requests. Only files the database names as live are served, so an upload that has not
 * committed is never visible. Unknown names answer S3's 404 `NoSuchKey`.
 *
 * @example
 * app.use('/_assets', hostedFilesRouter({ store }));
 */
export function hostedFilesRouter({ store }: { store: Store }): Router {
  const router = Router();
  router.get('/:siteId/:objectName', (req, res, next) => {
    const [, assetId, name] = OBJECT_NAME.exec(req.params.objectName) ?? [];
    const asset = assetId ? store.assets.get(assetId) : undefined;
    if (!asset || asset.siteId !== req.params.siteId || asset.blobGeneration === null) {
      noSuchKey(res);
      return;
    }
    let file: string | undefined;
    if (name === asset.fileName) {
      file = 'original';
    } else {
      // Variants keep the original's format, so they share its content type.
      const variant = store.assets
        .variants([asset.id])
        .get(asset.id)
        ?.find((v) => v.fileName === name);
      file = variant && `p-${variant.width}`;
    }
    if (!file) {
      noSuchKey(res);
      return;
    }
    res.setHeader('Content-Type', asset.contentType);
    // Hosted files are user content: never let a browser run an uploaded SVG's scripts here.
    res.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.sendFile(
      store.blobs.pathOf(asset.id, asset.blobGeneration, file),
      {
        maxAge: '365d',
        immutable: true,
        dotfiles: 'allow',
      },
      (error) => {
        if (error && !res.headersSent) {
          // The row names this generation, so a missing file means it was swept or deleted under us.
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            noSuchKey(res);
            return;
          }
          next(error);
        }
      },
    );
  });
  router.all('/{*rest}', (_req, res) => noSuchKey(res));
  return router;
}
