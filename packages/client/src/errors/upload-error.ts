import { AssetsError } from './assets-error.js';

/**
 * The step of `assets.upload` that failed.
 *
 * @example
 * if (error instanceof AssetsUploadError && error.step === 'upload') retryLater(error.assetId);
 */
export type UploadStep = 'read' | 'create' | 'upload' | 'fetch';

/**
 * Everything an {@link AssetsUploadError} carries.
 *
 * @example
 * new AssetsUploadError({ step: 'upload', fileName: 'a.png', assetId, status: 400, storageCode: 'BadDigest' });
 */
export interface UploadErrorFacts {
  step: UploadStep;
  fileName: string;
  /** The asset created by step `create`, when the failure came after it (its bytes are missing). */
  assetId?: string;
  /** The HTTP status of the failed step, if it got one. */
  status?: number;
  /** The storage's XML `<Code>` (e.g. `BadDigest`, `EntityTooLarge`) for step `upload`. */
  storageCode?: string;
  /** The storage's XML `<Message>` for step `upload`. */
  storageMessage?: string;
  cause?: unknown;
}

const STEP_NAMES: Record<UploadStep, string> = {
  read: 'reading the data',
  create: 'create-asset',
  upload: 'the storage upload',
  fetch: 'get-asset after the upload',
};

/**
 * `assets.upload` failed: `step` says where (`read` the data, `create` the asset, `upload` the
 * bytes to storage, `fetch` the finished asset) and, for the storage, what it said.
 *
 * @example
 * catch (error) {
 *   if (error instanceof AssetsUploadError && error.step === 'upload') log(error.storageCode, error.assetId);
 * }
 */
export class AssetsUploadError extends AssetsError {
  override name = 'AssetsUploadError';
  readonly step: UploadStep;
  readonly fileName: string;
  readonly assetId: string | undefined;
  readonly status: number | undefined;
  readonly storageCode: string | undefined;
  readonly storageMessage: string | undefined;

  constructor(facts: UploadErrorFacts) {
    const said =
      facts.storageCode !== undefined
        ? `: ${facts.storageCode}${facts.storageMessage ? ` (${facts.storageMessage})` : ''}`
        : facts.cause instanceof Error
          ? `: ${facts.cause.message}`
          : '';
    const status = facts.status !== undefined ? ` with status ${facts.status}` : '';
    const orphan =
      (facts.step === 'upload' || facts.step === 'create') && facts.assetId !== undefined
        ? `; asset ${facts.assetId} exists without its bytes`
        : '';
    super(`upload of ${JSON.stringify(facts.fileName)} failed at ${STEP_NAMES[facts.step]}${status}${said}${orphan}`, {
      cause: facts.cause,
    });
    this.step = facts.step;
    this.fileName = facts.fileName;
    this.assetId = facts.assetId;
    this.status = facts.status;
    this.storageCode = facts.storageCode;
    this.storageMessage = facts.storageMessage;
  }
}
