/**
 * `@assetkit/client`: the typed client for Webflow's asset API, on openapi-fetch with the types of
 * `@assetkit/contract`: retries that honour `Retry-After`, pagination, typed errors and the
 * two-step upload in one call. Runs on Node ≥ 20 and in browsers.
 *
 * @example
 * import { createAssetsClient, AssetsApiError } from '@assetkit/client';
 *
 * const client = createAssetsClient({ baseUrl: 'https://api.webflow.com/v2', token });
 * const asset = await client.assets.upload(siteId, { data: bytes, fileName: 'logo.png' });
 */
export type {
  Asset,
  AssetFolder,
  AssetFolderList,
  AssetList,
  AssetListItem,
  AssetsPaths,
  AssetUpload,
  CreateAssetBody,
  CreateFolderBody,
  ErrorCode,
  ErrorDetail,
  ListAssetsQuery,
  LocaleQuery,
  OperationId,
  UpdateAssetBody,
} from './api-types.js';
export { type AssetsClient, type AssetsClientOptions, createAssetsClient } from './create-assets-client.js';
export { type ApiErrorFacts, AssetsApiError } from './errors/assets-api-error.js';
export { AssetsError, AssetsNetworkError, AssetsTimeoutError } from './errors/assets-error.js';
export { AssetsResponseValidationError } from './errors/response-validation-error.js';
export { AssetsUploadError, type UploadStep } from './errors/upload-error.js';
export type { AssetsResource, CreateAssetInput } from './resources/assets.js';
export type { CallOptions } from './resources/call.js';
export type { FoldersResource } from './resources/folders.js';
export type { IterateQuery } from './resources/iterate-assets.js';
export type { RetryEvent, RetryOptions } from './retry/retry-options.js';
export type { StrictClient, StrictMethod } from './strict-client.js';
export type { FetchLike } from './transport/transport.js';
export { Md5, md5Hex } from './upload/md5.js';
export type { UploadInput } from './upload/upload-asset.js';
export type { NodeReadableLike, UploadData } from './upload/upload-data.js';
export type { ValidateResponsesOption } from './validation/response-check.js';
