import type { KoniferAsset } from './konifer-repo.js';

/** The bucket name the sandbox reports in `storeBucket` (Konifer's documented default). */
export const KONIFER_BUCKET = 'assets';

/** A kotlinx `LocalDateTime` as Konifer serialises it: ISO, no zone (`2025-12-26T23:02:43.042`). */
export function localDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

/**
 * An asset as Konifer's `AssetResponse`: null fields left out (Konifer's `explicitNulls = false`),
 * and the original variant, the only one the sandbox keeps (it generates no variants).
 *
 * @example
 * koniferAssetView(asset); // { class: 'image', entryId: 0, labels: {}, tags: [], source: 'upload', variants: [ … ], … }
 */
export function koniferAssetView(asset: KoniferAsset): Record<string, unknown> {
  return {
    class: 'image',
    ...(asset.alt !== null && { alt: asset.alt }),
    entryId: asset.entryId,
    labels: asset.labels,
    tags: asset.tags,
    source: asset.source,
    variants: [
      {
        isOriginalVariant: true,
        storeBucket: KONIFER_BUCKET,
        storeKey: asset.storeKey,
        attributes: {
          height: asset.height,
          width: asset.width,
          format: asset.format,
          pageCount: asset.pageCount,
          loop: asset.loop,
        },
        lqip: {},
      },
    ],
    createdAt: localDateTime(asset.createdAt),
    modifiedAt: localDateTime(asset.modifiedAt),
  };
}
