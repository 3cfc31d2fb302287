/**
 * `@assetkit/contract`: the OpenAPI contracts in `openapi/` as data, their generated types, an
 * operation router and the one ajv validation core every other assetkit package uses.
 *
 * @example
 * import { getContract } from '@assetkit/contract';
 * const contract = getContract('webflow-assets');
 * const { valid, violations } = contract.validateRequest({ method: 'GET', path: '/v2/sites/x/assets', query: 'limit=0' });
 */
export { apiNames, type Contract, createContract, getContract } from './contract.js';
export {
  type ErrorDetail,
  type ErrorFacts,
  type ErrorFormat,
  errorFormatOf,
  renderErrorBody,
  violationDetail,
} from './error-body.js';
// Every API's types namespace (`WebflowAssets`, `KoniferAssets`, …) and `ApiName`, as generated.
export type * from './generated/registry.js';
export { documents, validators as precompiledValidators } from './generated/registry.js';
export { baseUrl } from './http/base-url.js';
export { BodyBytes } from './http/body-bytes.js';
export { fieldCount } from './http/field-count.js';
export { freePortNear, type PortProbe } from './http/free-port.js';
export {
  ACCEPTABLE_REQUEST_ID,
  answerMalformedRequests,
  type Refusal,
  type RefusalOptions,
  type RefusalRecord,
  requireHost,
} from './http/malformed-requests.js';
export { BodyTooLargeError, MAX_ANSWER_BODY_BYTES, readCappedBody } from './http/read-capped-body.js';
export { echoStarts, isEcho, replaceSecret, UNMISTAKABLE_SECRET_LENGTH } from './http/secret-echo.js';
export { cannotStart, type ListenTarget, startupFailure } from './http/startup-failure.js';
export { getAtPointer, joinPointer, splitPointer } from './json-pointer.js';
export type * from './openapi-document.js';
export { HTTP_METHODS } from './openapi-document.js';
export {
  declaredScopes,
  type HeaderSpec,
  hasRequiredScopes,
  type MediaTypeSpec,
  type OperationSpec,
  type ParameterSpec,
  type ResponseSpec,
} from './operations.js';
export { basePathsOf } from './routing/base-paths.js';
export {
  MULTI_SEGMENT_EXTENSION,
  type RouteMatch,
  type RouteMiss,
  type RouteResult,
  type Router,
} from './routing/router.js';
export { OBJECT_ID } from './schema/formats.js';
export type { PrecompiledValidators } from './schema/schema-compiler.js';
export { startsWithByteOrderMark } from './validation/byte-order-mark.js';
export { closestName } from './validation/closest-name.js';
export { contentCodingProblem } from './validation/content-coding.js';
export { duplicateName } from './validation/duplicate-names.js';
export { essence, isJsonMediaType } from './validation/media-type.js';
export { boundaryOf, formValue, type MultipartPart, parseMultipart } from './validation/multipart.js';
export { PRECONDITIONS, type Precondition } from './validation/preconditions.js';
export type { RequestInput, RequestResult } from './validation/request-validator.js';
export type { ResponseInput } from './validation/response-validator.js';
export {
  problemCount,
  problemsIn,
  summarizeViolations,
  type ValidationResult,
  type Violation,
  type ViolationLocation,
} from './validation/violation.js';
export { type HeadersInput, normalizeHeaders, normalizeQuery, type QueryInput } from './validation/wire-input.js';
