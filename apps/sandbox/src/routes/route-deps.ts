import type { Access } from '../api/access.js';
import type { Store } from '../storage/store.js';

/** What the operation handlers need. */
export interface RouteDeps {
  store: Store;
  access: Access;
  /** Base of hosted and upload URLs (no trailing slash). */
  publicUrl: string;
  /** The (only) bucket of the S3-like upload endpoint. */
  bucket: string;
  uploadExpirySeconds: number;
  now: () => number;
}
