import type { OpenApiDocument, ServerObject } from '../openapi-document.js';
import type { OperationSpec } from '../operations.js';
import { basePathsOf } from './base-paths.js';

/**
 * The vendor extension that marks a path parameter as spanning one or more `/`-separated
 * segments (like API Gateway's `{proxy+}`), e.g. Konifer's `/assets/{path}/-/entry/{entryId}`.
 */
export const MULTI_SEGMENT_EXTENSION = 'x-assetkit-multi-segment';

/** A request path that names an operation. */
export interface RouteMatch {
  kind: 'match';
  operation: OperationSpec;
  /** Decoded path parameter values, by name. */
  pathParams: Record<string, string>;
  /** The server whose base path prefixed the request path. */
  server: ServerObject | undefined;
  basePath: string;
}

/** A request path that names nothing, or names a path without that method. */
export type RouteMiss = { kind: 'not-found' } | { kind: 'method-not-allowed'; allow: string[] };

/** What {@link Router.match} answers. */
export type RouteResult = RouteMatch | RouteMiss;

interface Node {
  statics: Map<string, Node>;
  param: { name: string; node: Node } | undefined;
  multi: { name: string; node: Node } | undefined;
  methods: Map<string, OperationSpec>;
}

const newNode = (): Node => ({ statics: new Map(), param: undefined, multi: undefined, methods: new Map() });

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) {
    return segment;
  }
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A method + path → operation lookup built from a spec. */
export interface Router {
  /**
   * Finds the operation for a request. `pathname` is the URL path as sent (still
   * percent-encoded), including the server's base path (`/v2/assets/…`). A `HEAD` the spec does
   * not document finds the path's `GET` operation (and `Allow` lists `HEAD` wherever it lists `GET`).
   */
  match(method: string, pathname: string): RouteResult;
  /** The base paths of the spec's servers, longest first (`['/beta', '/v2']`). */
  readonly basePaths: readonly string[];
}

function insert(root: Node, operation: OperationSpec): void {
  let node = root;
  for (const segment of operation.path.split('/').slice(1)) {
    const param = /^\{([^}]+)\}$/.exec(segment)?.[1];
    if (param === undefined) {
      let child = node.statics.get(segment);
      if (!child) {
        child = newNode();
        node.statics.set(segment, child);
      }
      node = child;
      continue;
    }
    const spec = operation.parameters.find((p) => p.in === 'path' && p.name === param);
    const slot = spec?.object[MULTI_SEGMENT_EXTENSION] === true ? 'multi' : 'param';
    node[slot] ??= { name: param, node: newNode() };
    node = node[slot].node;
  }
  node.methods.set(operation.method.toUpperCase(), operation);
}

/**
 * Walks the trie: static segments first, then a one-segment parameter, then a multi-segment
 * parameter, accepting only a node that has `method`. The multi-segment parameter takes as few
 * segments as it can (shortest first), so a static tail wins over swallowing it: with
 * `DELETE /assets/{path}` and `DELETE /assets/{path}/-/entry/{entryId}` both documented,
 * `/assets/a/-/entry/0` is the second, as "static before parameter" decides everywhere else.
 * Each request costs one step per segment (plus backtracking only where a multi-segment
 * parameter is involved), never a scan over every route.
 */
function find(
  node: Node,
  segments: string[],
  i: number,
  params: Record<string, string>,
  method: string,
): Node | undefined {
  if (i === segments.length) {
    return node.methods.has(method) ? node : undefined;
  }
  const segment = segments[i] as string;
  const staticChild = node.statics.get(segment);
  const viaStatic = staticChild && find(staticChild, segments, i + 1, params, method);
  if (viaStatic) {
    return viaStatic;
  }
  if (node.param && segment !== '') {
    const found = find(node.param.node, segments, i + 1, params, method);
    if (found) {
      params[node.param.name] = decodeSegment(segment);
      return found;
    }
  }
  if (node.multi) {
    // An empty segment can never be part of the parameter, and nothing longer would contain it.
    for (let end = i + 1; end <= segments.length && segments[end - 1] !== ''; end++) {
      const taken = segments.slice(i, end);
      const found = find(node.multi.node, segments, end, params, method);
      if (found) {
        params[node.multi.name] = taken.map(decodeSegment).join('/');
        return found;
      }
    }
  }
  return undefined;
}

/** Adds the methods of every node the path can reach, through any branch. */
function collectMethods(node: Node, segments: string[], i: number, allow: Set<string>): void {
  if (i === segments.length) {
    for (const method of node.methods.keys()) {
      allow.add(method);
    }
    return;
  }
  const segment = segments[i] as string;
  const staticChild = node.statics.get(segment);
  if (staticChild) {
    collectMethods(staticChild, segments, i + 1, allow);
  }
  if (node.param && segment !== '') {
    collectMethods(node.param.node, segments, i + 1, allow);
  }
  for (let end = i + 1; node.multi && end <= segments.length && !segments.slice(i, end).includes(''); end++) {
    collectMethods(node.multi.node, segments, end, allow);
  }
}

/**
 * Builds the router for a document's operations.
 *
 * @example
 * const router = createRouter(document, readOperations(document));
 * router.match('GET', '/v2/assets/580e63fc8c9a982ac9b8b745');
 * // → { kind: 'match', operation: <get-asset>, pathParams: { asset_id: '580e…' }, basePath: '/v2', … }
 */
export function createRouter(document: OpenApiDocument, operations: readonly OperationSpec[]): Router {
  const root = newNode();
  for (const operation of operations) {
    insert(root, operation);
  }
  const bases = basePathsOf(document);
  return {
    basePaths: bases.map((b) => b.basePath),
    match(method, pathname) {
      const base = bases.find((b) => pathname === b.basePath || pathname.startsWith(`${b.basePath}/`));
      if (!base) {
        return { kind: 'not-found' };
      }
      const rest = pathname.slice(base.basePath.length);
      if (!rest.startsWith('/')) {
        return { kind: 'not-found' };
      }
      const segments = rest.split('/').slice(1);
      const params: Record<string, string> = {};
      const upper = method.toUpperCase();
      // A HEAD the spec does not document is its GET without the content (RFC 9110 §9.3.2: every
      // general-purpose server supports both). A failed walk sets no parameter, so one retry is clean.
      const operation =
        find(root, segments, 0, params, upper)?.methods.get(upper) ??
        (upper === 'HEAD' ? find(root, segments, 0, params, 'GET')?.methods.get('GET') : undefined);
      if (operation) {
        return { kind: 'match', operation, pathParams: params, server: base.server, basePath: base.basePath };
      }
      // Only on a miss: which methods does this path have, over every way it can match?
      const allow = new Set<string>();
      collectMethods(root, segments, 0, allow);
      if (allow.size === 0) {
        return { kind: 'not-found' };
      }
      const withHead = allow.has('HEAD')
        ? [...allow]
        : [...allow].flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]));
      return { kind: 'method-not-allowed', allow: withHead };
    },
  };
}
