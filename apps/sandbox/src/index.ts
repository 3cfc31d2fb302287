/**
 * `@assetkit/sandbox`: a Webflow-compatible asset API server with real storage (SQLite and
 * files), the embedded default upstream of the proxy, the client's tests and the conformance
 * suite.
 *
 * @example
 * import { startSandbox, SANDBOX_DEFAULTS } from '@assetkit/sandbox';
 * const sandbox = await startSandbox();
 * await fetch(`${sandbox.url}/v2/sites/${SANDBOX_DEFAULTS.siteId}/assets`, {
 *   headers: { authorization: `Bearer ${sandbox.token}` },
 * });
 * await sandbox.close();
 */
export type { LoggedRequest } from './api/request-log.js';
export { type AppDeps, createApp, UPLOAD_BUCKET } from './app.js';
export {
  loadConfig,
  parseTokenList,
  resolveConfig,
  type SandboxConfig,
  type SandboxSettings,
  type TokenGrant,
} from './config.js';
export { READ_ONLY_SCOPES, READ_WRITE_SCOPES, SANDBOX_DEFAULTS } from './defaults.js';
export { ConfigError, HttpError } from './errors.js';
export { DRIFT_PROPERTY, type DriftExpectation, driftExpectation } from './faults/drift.js';
export { DRIFT_KINDS, type DriftKind, type DriftKindInfo } from './faults/drift-kinds.js';
export type { FaultConfig, FaultFrequency } from './faults/fault-config.js';
export { probeListen } from './http-server.js';
export { INVALID_JSON_BODY } from './middleware/inject-faults.js';
export { type Sandbox, type SandboxOptions, startSandbox } from './start-sandbox.js';
export { MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES } from './upload/media-types.js';
export { encodePolicy, type PostPolicy, signPolicy, type UploadDetails } from './upload/presigned-post.js';
export { BREAKPOINTS } from './upload/variants.js';
