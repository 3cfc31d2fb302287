import type { SyntheticItems } from './drift.js';

const SYNTHETIC_ASSET_ID = '0000000000000000000000a1';
const SYNTHETIC_FOLDER_ID = '0000000000000000000000f1';
const EPOCH = '2024-01-01T00:00:00.000Z';

/**
 * Valid stand-in items for drift faults (an asset, a folder, a variant), so an empty list or a
 * variant-less asset still carries the violation a drift promises. They validate in strict mode
 * until the drift breaks them.
 *
 * @example
 * syntheticItems('http://127.0.0.1:4010', siteId).asset(); // { id: '…a1', …, folderId: null }
 */
export function syntheticItems(publicUrl: string, siteId: string): SyntheticItems {
  const url = (name: string) => `${publicUrl}/_assets/${siteId}/${SYNTHETIC_ASSET_ID}_${name}`;
  const variant = () => ({
    hostedUrl: url('drift-p-500.png'),
    originalFileName: 'drift-p-500.png',
    displayName: `${SYNTHETIC_ASSET_ID}_drift-p-500.png`,
    format: 'png',
    width: 500,
    height: 500,
    quality: 100,
    error: null,
  });
  return {
    variant,
    asset: () => ({
      id: SYNTHETIC_ASSET_ID,
      contentType: 'image/png',
      size: 1024,
      siteId,
      hostedUrl: url('drift.png'),
      originalFileName: 'drift.png',
      displayName: `${SYNTHETIC_ASSET_ID}_drift.png`,
      lastUpdated: EPOCH,
      createdOn: EPOCH,
      variants: [variant()],
      altText: null,
      folderId: null,
    }),
    folder: () => ({
      id: SYNTHETIC_FOLDER_ID,
      displayName: 'drift',
      parentFolder: null,
      assets: [],
      siteId,
      createdOn: EPOCH,
      lastUpdated: EPOCH,
    }),
  };
}
