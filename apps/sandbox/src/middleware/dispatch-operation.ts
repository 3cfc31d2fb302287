import type { RequestHandler } from 'express';
import { apiState, type OperationHandlers } from '../api/api-state.js';
import { applyDrift, type DriftableResponse, type SyntheticItems } from '../faults/drift.js';
import type { FaultInjector } from '../faults/fault-injector.js';

/**
 * Runs the operation's handler and sends its result as JSON, after letting a configured drift
 * fault break a successful response.
 *
 * @example
 * router.use(dispatchOperation({ handlers: { ...assetHandlers(deps), ...folderHandlers(deps) }, faults, synthetic }));
 */
export function dispatchOperation({
  handlers,
  faults,
  synthetic,
}: {
  handlers: OperationHandlers;
  faults: FaultInjector;
  synthetic: (siteId: string) => SyntheticItems;
}): RequestHandler {
  return async function dispatch(_req, res) {
    const state = apiState(res);
    const operation = state.operation;
    const grant = state.grant;
    const handler = operation && handlers[operation.operationId];
    if (!operation || !grant || !handler) {
      throw new Error(`no handler for ${operation?.operationId ?? 'an unvalidated request'}`);
    }
    const result = await handler({
      operationId: operation.operationId,
      pathParams: state.pathParams,
      query: state.query,
      queryNames: state.queryNames,
      body: state.body,
      grant,
    });
    let response: DriftableResponse = {
      status: result.status,
      body: result.body,
      contentType: 'application/json; charset=utf-8',
      removeHeaders: [],
    };
    const drift = result.status < 300 ? faults.drift(operation.operationId) : undefined;
    if (drift) {
      const siteId = String(state.pathParams.site_id ?? grant.siteIds[0] ?? '').toLowerCase();
      response = applyDrift(drift, operation.operationId, response, synthetic(siteId));
    }
    for (const name of response.removeHeaders) {
      res.removeHeader(name);
    }
    res.status(response.status);
    if (response.body === undefined) {
      res.end();
      return;
    }
    const json = JSON.stringify(response.body);
    res.setHeader('Content-Type', response.contentType);
    // Set here, not left to Node: a HEAD (answered as its GET) then says how long the content is.
    res.setHeader('Content-Length', Buffer.byteLength(json));
    res.end(json);
  };
}
