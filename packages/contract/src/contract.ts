import { type ErrorFacts, type ErrorFormat, errorFormatOf, renderErrorBody } from './error-body.js';
import { type ApiName, documents, validators } from './generated/registry.js';
import type { OpenApiDocument } from './openapi-document.js';
import { type OperationSpec, readOperations } from './operations.js';
import { createRouter, type Router } from './routing/router.js';
import { refProblems } from './schema/ref-chains.js';
import { type PrecompiledValidators, SchemaCompiler } from './schema/schema-compiler.js';
import { type CompiledOperation, compileOperation } from './validation/compile-operation.js';
import {
  createRequestValidator,
  type RequestInput,
  type RequestResult,
  type ResolveOperation,
} from './validation/request-validator.js';
import { createResponseValidator, type ResponseInput } from './validation/response-validator.js';
import type { ValidationResult } from './validation/violation.js';

/** One API's contract: its document, operations, router and validators, compiled once. */
export interface Contract {
  readonly name: string;
  readonly document: OpenApiDocument;
  readonly operations: readonly OperationSpec[];
  readonly router: Router;
  /** The operation with this id, or `undefined`. */
  operation(operationId: string): OperationSpec | undefined;
  /** Checks a request: path, query, headers and body. */
  validateRequest(input: RequestInput): RequestResult;
  /** Checks a response: status, headers, content type and body. */
  validateResponse(input: ResponseInput): ValidationResult;
  /** How this API shapes errors (`x-assetkit-error`). */
  readonly errorFormat: ErrorFormat;
  /** An error body in this API's own shape. */
  errorBody(facts: ErrorFacts): unknown;
}

function resolver(
  router: Router,
  byId: ReadonlyMap<string, CompiledOperation>,
  document: OpenApiDocument,
): ResolveOperation {
  return (input) => {
    if (input.operationId !== undefined) {
      const operation = byId.get(input.operationId);
      if (!operation) {
        throw new TypeError(`unknown operationId ${JSON.stringify(input.operationId)}`);
      }
      return { operation, pathParams: { ...input.params }, server: undefined };
    }
    if (input.method === undefined || input.path === undefined) {
      throw new TypeError('validateRequest needs an operationId, or a method and a path');
    }
    const route = router.match(input.method, input.path);
    if (route.kind === 'match') {
      return {
        operation: byId.get(route.operation.operationId) as CompiledOperation,
        pathParams: route.pathParams,
        server: route.server && {
          server: route.server,
          pointer: `#/servers/${document.servers?.indexOf(route.server) ?? -1}`,
        },
      };
    }
    if (route.kind === 'method-not-allowed') {
      const violation = {
        location: 'path' as const,
        pointer: '',
        schemaPath: '#/paths',
        keyword: 'method',
        message: `method ${input.method.toUpperCase()} is not documented for this path (allowed: ${route.allow.join(', ')})`,
      };
      return { violation, allow: route.allow };
    }
    return {
      violation: {
        location: 'path',
        pointer: '',
        schemaPath: '#/paths',
        keyword: 'route',
        message: `no operation matches ${input.method.toUpperCase()} ${input.path}`,
      },
    };
  };
}

/**
 * Builds a contract: reads the operations, builds the router, and gets every request and
 * response validator up front — from the ahead-of-time code when given (then ajv compiles nothing),
 * otherwise compiled now (strict-mode validators on first use).
 *
 * @example
 * const contract = createContract({ name: 'webflow-assets', document });
 * contract.validateResponse({ operationId: 'get-asset', status: 200, headers, body });
 */
export function createContract(api: {
  name: string;
  document: OpenApiDocument;
  /** Validators compiled ahead of time from exactly this document (`getContract` passes the generated ones). */
  precompiled?: PrecompiledValidators;
}): Contract {
  const operations = readOperations(api.document);
  // Ahead-of-time validators were compiled from this very document, so its $refs are known good.
  const refs = api.precompiled ? [] : refProblems(api.document);
  if (refs.length > 0) {
    throw new Error(`${api.name}: ${refs.join('; ')}`);
  }
  const compiler = new SchemaCompiler(api.name, api.document, api.precompiled ? { precompiled: api.precompiled } : {});
  const byId = new Map<string, CompiledOperation>();
  for (const operation of operations) {
    if (byId.has(operation.operationId)) {
      throw new Error(`${api.name}: operationId ${operation.operationId} is used twice`);
    }
    byId.set(operation.operationId, compileOperation(operation, compiler));
  }
  const router = createRouter(api.document, operations);
  const errorFormat = errorFormatOf(api.document);
  return {
    errorFormat,
    errorBody: (facts) => renderErrorBody(errorFormat, facts),
    name: api.name,
    document: api.document,
    operations,
    router,
    operation: (operationId) => byId.get(operationId)?.spec,
    validateRequest: createRequestValidator(resolver(router, byId, api.document), compiler),
    validateResponse: createResponseValidator(byId, compiler),
  };
}

const compiled = new Map<string, Contract>();

/**
 * The contract of an API from `openapi/` by name, compiled on first use and shared after.
 *
 * @example
 * const contract = getContract('webflow-assets');
 * contract.router.match('GET', '/v2/assets/580e63fc8c9a982ac9b8b745');
 */
export function getContract(name: ApiName): Contract {
  let contract = compiled.get(name);
  if (!contract) {
    const document = documents[name];
    if (!document) {
      throw new TypeError(`unknown API ${JSON.stringify(name)}; known: ${Object.keys(documents).join(', ')}`);
    }
    contract = createContract({ name, document, precompiled: validators[name] });
    compiled.set(name, contract);
  }
  return contract;
}

/** The names of every API in `openapi/`. */
export function apiNames(): ApiName[] {
  return Object.keys(documents) as ApiName[];
}
