import { type Response, Router } from 'express';
import type { AssetRow } from '../storage/assets-repo.js';
import type { Store } from '../storage/store.js';
import { errorXml, S3Error } from '../upload/s3-xml.js';

const OBJECT_NAME = /^([0-9a-f]{24})_(.+)$/s;
// How often one GET follows a re-upload to the next generation. Each further attempt needs yet
// another re-upload to commit and remove the file in the instant between reading the row and
// opening the file; the bound only keeps a GET from chasing a storm of them for ever.
const MAX_ATTEMPTS = 5;

function noSuchKey(res: Response): void {
  const error = new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
  res.status(404).setHeader('Content-Type', 'application/xml');
  res.end(errorXml(error, 'hosted'));
}

/** The live file an object name stands for: its asset and the file in the asset's generation. */
function locate(store: Store, siteId: string, objectName: string): { asset: AssetRow; file: string } | undefined {
  const [, assetId, name] = OBJECT_NAME.exec(objectName) ?? [];
  const asset = assetId ? store.assets.get(assetId) : undefined;
  if (!asset || asset.siteId !== siteId || asset.blobGeneration === null) {
    return undefined;
  }
  if (name === asset.fileName) {
    return { asset, file: 'original' };
  }
  // Variants keep the original's format, so they share its content type.
  const variant = store.assets
    .variants([asset.id])
    .get(asset.id)
    ?.find((v) => v.fileName === name);
  return variant && { asset, file: `p-${variant.width}` };
}

/**
 * Serves uploaded files at their `hostedUrl` (`/_assets/<siteId>/<assetId>_<name>`), the
 * original and its `-p-<width>` variants, like a CDN: the stored content type, long caching,
 * range requests. Only files the database names as live are served, so an upload that has not
 * committed is never visible. Unknown names answer S3's 404 `NoSuchKey`. A re-upload never
 * makes the file answer 404: see {@link MAX_ATTEMPTS}.
 *
 * @example
 * app.use('/_assets', hostedFilesRouter({ store }));
 */
export function hostedFilesRouter({ store }: { store: Store }): Router {
  const router = Router();
  router.get('/:siteId/:objectName', (req, res, next) => {
    const { siteId, objectName } = req.params;
    const serve = (attempt: number) => {
      const found = locate(store, siteId, objectName);
      if (!found) {
        noSuchKey(res);
        return;
      }
      const { asset, file } = found;
      const generation = asset.blobGeneration as string;
      const before = new Set(res.getHeaderNames());
      res.setHeader('Content-Type', asset.contentType);
      // Hosted files are user content: never let a browser run an uploaded SVG's scripts here.
      res.setHeader(
        'Content-Security-Policy',
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      );
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.sendFile(
        store.blobs.pathOf(asset.id, generation, file),
        { maxAge: '365d', immutable: true, dotfiles: 'allow' },
        (error) => {
          if (!error) {
            return;
          }
          if (res.headersSent) {
            // Part of the file went out: the answer can only be cut short, never finished.
            res.destroy();
            return;
          }
          // `send` may have set the file's length, type, validators and caching before it failed:
          // none of them describes what is sent instead (a 404, or the error handler's 500).
          for (const name of res.getHeaderNames().filter((h) => !before.has(h))) {
            res.removeHeader(name);
          }
          res.statusCode = 200;
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
            next(error);
            return;
          }
          // A re-upload commits its new generation before it removes the old one, so a row that
          // now names another generation means this GET was overtaken: serve the new file. The
          // same generation means it was deleted or swept under us: the file is gone.
          const now = store.assets.get(asset.id)?.blobGeneration;
          if (attempt < MAX_ATTEMPTS && typeof now === 'string' && now !== generation) {
            serve(attempt + 1);
            return;
          }
          noSuchKey(res);
        },
      );
    };
    serve(1);
  });
  router.all('/{*rest}', (_req, res) => noSuchKey(res));
  return router;
}
