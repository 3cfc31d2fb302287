import type { WebflowAssets } from '@assetkit/contract';

/**
 * Named aliases of the spec's schemas, derived from the generated types (never re-declared), so a
 * spec change reaches every signature of the client.
 *
 * @see openapi/webflow-assets.yaml `components/schemas`
 */
type Schemas = WebflowAssets.components['schemas'];
type Operations = WebflowAssets.operations;

/** The OpenAPI `paths` of the asset API, as openapi-fetch's `createClient<paths>` takes them. */
export type AssetsPaths = WebflowAssets.paths;

/**
 * An asset, as `get-asset` and `patch-asset` answer.
 *
 * @example
 * const asset: Asset = await client.assets.get(assetId);
 * asset.variants[0]?.height; // number | null
 */
export type Asset = Schemas['Asset'];

/**
 * An asset in a list page: an {@link Asset} plus the folder it sits in (`null` at the site root).
 *
 * @example
 * for await (const item of client.assets.iterate(siteId)) item.folderId;
 */
export type AssetListItem = Schemas['AssetListItem'];

/**
 * One page of `list-assets`: `{ assets, pagination: { offset, limit, total } }`.
 *
 * @example
 * const page: AssetList = await client.assets.list(siteId, { limit: 10 });
 */
export type AssetList = Schemas['AssetList'];

/**
 * What `create-asset` answers: the new asset's id and the S3 presigned POST for its bytes.
 *
 * @example
 * const { uploadUrl, uploadDetails }: AssetUpload = await client.assets.create(siteId, { fileName, fileHash });
 */
export type AssetUpload = Schemas['AssetUpload'];

/**
 * An asset folder.
 *
 * @example
 * const folder: AssetFolder = await client.folders.get(folderId);
 */
export type AssetFolder = Schemas['AssetFolder'];

/**
 * `list-asset-folders`' answer: `{ assetFolders, pagination }`.
 *
 * @example
 * const { assetFolders }: AssetFolderList = await client.folders.list(siteId);
 */
export type AssetFolderList = Schemas['AssetFolderList'];

/**
 * The body of `create-asset` (`fileName`, `fileHash`, optional `parentFolder`).
 *
 * @example
 * const body: CreateAssetBody = { fileName: 'logo.png', fileHash: md5Hex(bytes) };
 */
export type CreateAssetBody = Schemas['AssetUploadRequest'];

/**
 * The body of `patch-asset`: only `displayName` and `altText`; anything else is a compile error.
 *
 * @example
 * const changes: UpdateAssetBody = { displayName: 'Logo', altText: 'Our logo' };
 */
export type UpdateAssetBody = Schemas['AssetUpdateRequest'];

/**
 * The body of `create-asset-folder` (`displayName`, optional `parentFolder`).
 *
 * @example
 * const body: CreateFolderBody = { displayName: 'Icons', parentFolder: null };
 */
export type CreateFolderBody = Schemas['AssetFolderCreateRequest'];

/**
 * The query of `list-assets`: `offset`, `limit` (1–100), `folderId`, `localeId`.
 *
 * @example
 * const query: ListAssetsQuery = { limit: 50, folderId };
 */
export type ListAssetsQuery = NonNullable<Operations['list-assets']['parameters']['query']>;

/**
 * The query of `get-asset` and `patch-asset`: `localeId`.
 *
 * @example
 * const query: LocaleQuery = { localeId: '65427cf400e02b306eaa04a0' };
 */
export type LocaleQuery = NonNullable<Operations['get-asset']['parameters']['query']>;

/**
 * Webflow's documented error codes. `AssetsApiError.code` widens it with `(string & {})`, because
 * Webflow adds codes over time.
 *
 * @example
 * const code: ErrorCode = 'resource_not_found';
 */
export type ErrorCode = Schemas['ErrorCode'];

/**
 * One entry of an error body's `details`: a string, or `{ field, message, location?, pointer? }`.
 *
 * @example
 * const detail: ErrorDetail = { field: 'limit', location: 'query', pointer: '/limit', message: 'must be <= 100' };
 */
export type ErrorDetail = string | Schemas['ErrorDetail'];

/**
 * The operationIds of the asset API.
 *
 * @example
 * const id: OperationId = 'get-asset';
 */
export type OperationId = keyof Operations;

/**
 * The JSON request body of an operation; `never` for one that takes none.
 *
 * @example
 * const changes: RequestBodyOf<'patch-asset'> = { altText: 'Our logo' };
 */
export type RequestBodyOf<Id extends OperationId> = Operations[Id] extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

/**
 * The operations that take a JSON request body (`create-asset`, `patch-asset`, `create-asset-folder`).
 *
 * @example
 * const id: BodyOperationId = 'patch-asset';
 */
export type BodyOperationId = {
  [Id in OperationId]: [RequestBodyOf<Id>] extends [never] ? never : Id;
}[OperationId];
