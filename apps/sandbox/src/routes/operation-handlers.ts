import type { OperationHandlers } from '../api/api-state.js';
import { folderHandlers } from './asset-folders.js';
import { assetHandlers } from './assets.js';
import type { RouteDeps } from './route-deps.js';

/**
 * Every Webflow asset operation the sandbox serves, by operationId: one handler for each operation
 * of `openapi/webflow-assets.yaml` (a test holds the two together, so an operation added to the
 * spec fails the sandbox's tests until it has one).
 *
 * @example
 * const handlers = operationHandlers(deps);
 * await handlers['get-asset']?.(ctx); // { status: 200, body: { id, … } }
 */
export function operationHandlers(deps: RouteDeps): OperationHandlers {
  return { ...assetHandlers(deps), ...folderHandlers(deps) };
}
