import type { Contract } from '@assetkit/contract';
import type { RequestHandler } from 'express';
import { apiState } from '../api/api-state.js';
import { illFormedStrings } from '../api/ill-formed-strings.js';
import { validationError } from '../api/validation-details.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Validates the request with the contract core (path, query, headers, content type, JSON
 * syntax, body schema), then that the body's strings are well-formed Unicode, and answers 400
 * `validation_error` with one detail per violation. On success it keeps the coerced parameters
 * and the parsed body for the handler.
 *
 * @example
 * router.use(validateRequest({ contract }));
 */
export function validateRequest({ contract }: { contract: Contract }): RequestHandler {
  return function validateApiRequest(req, res, next) {
    const state = apiState(res);
    if (state.bodyProblem) {
      throw validationError([
        { location: 'body', pointer: '', schemaPath: '#', keyword: 'body', message: state.bodyProblem },
      ]);
    }
    const [path = '/', query = ''] = req.originalUrl.split(/\?(.*)/s);
    const result = contract.validateRequest({
      method: req.method,
      path,
      query,
      headers: req.headers,
      rawBody: state.rawBody,
    });
    if (!result.valid || !result.operation) {
      throw validationError(result.violations);
    }
    state.operation = result.operation;
    state.pathParams = result.pathParams;
    state.query = result.query;
    state.queryNames = Object.fromEntries(result.queryAliases ?? []);
    // Decoded as the contract core decodes it (a leading BOM is dropped), so whatever it
    // accepted parses here too.
    state.body = state.rawBody.length > 0 ? JSON.parse(utf8.decode(state.rawBody)) : undefined;
    const illFormed = illFormedStrings(state.body);
    if (illFormed.length > 0) {
      throw validationError(illFormed);
    }
    next();
  };
}
