import type { OperationSpec, RouteResult } from '@assetkit/contract';
import type { Response } from 'express';
import type { TokenGrant } from '../config.js';
import type { FaultPlan } from '../faults/fault-injector.js';
import type { LoggedRecord } from './request-log.js';

/** What the API pipeline has learnt about a request so far (kept in `res.locals.api`). */
export interface ApiState {
  log: LoggedRecord;
  rawBody: Buffer;
  /** Why the body could not be read (too large, unsupported encoding), reported at validation. */
  bodyProblem: string | undefined;
  route: RouteResult;
  grant: TokenGrant | undefined;
  faults: FaultPlan | undefined;
  /** Set by validation: the operation and its coerced parameters and parsed body. */
  operation: OperationSpec | undefined;
  pathParams: Record<string, unknown>;
  query: Record<string, unknown>;
  /** Query parameters given under an alias (`/beta`'s `locale`): canonical name → name sent. */
  queryNames: Record<string, string>;
  body: unknown;
}

/** The API state of a response (created by the first API middleware). */
export function apiState(res: Response): ApiState {
  const state = res.locals.api as ApiState | undefined;
  if (!state) {
    throw new Error('API middleware order is broken: no res.locals.api');
  }
  return state;
}

/** What an operation handler answers; the pipeline turns it into the response. */
export interface ApiResult {
  status: number;
  body?: unknown;
}

/** The validated input an operation handler works with. */
export interface HandlerContext {
  operationId: string;
  pathParams: Record<string, unknown>;
  query: Record<string, unknown>;
  /**
   * Query parameters given under an alias (`/beta`'s `locale`): canonical name → name sent.
   * `query` holds them under the canonical name; an error about one names the one sent.
   */
  queryNames: Readonly<Record<string, string>>;
  body: unknown;
  grant: TokenGrant;
}

/** One operation's implementation. */
export type OperationHandler = (ctx: HandlerContext) => ApiResult | Promise<ApiResult>;

/** Handlers by operationId. */
export type OperationHandlers = Readonly<Record<string, OperationHandler>>;
