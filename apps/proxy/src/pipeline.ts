import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestContext } from './request-context.js';

/**
 * One stage of handling an API request. A step may answer (then the pipeline stops), throw an
 * `HttpError` (the error handler answers) or do nothing (the next step runs). Steps see Node's own
 * request and response, so the pipeline runs the same inside Express or straight from the server.
 */
export type Step = (req: IncomingMessage, res: ServerResponse, ctx: RequestContext) => void | Promise<void>;

/** Runs the steps for one request; a failure goes to `fail` (the error handler). */
export type PipelineHandler = (req: IncomingMessage, res: ServerResponse, fail: (error: unknown) => void) => void;

/**
 * Runs steps in order as one handler. Why not one Express middleware per step: each Express layer
 * costs a path match and a `next()` hop per request, and the proxy's whole budget is to stay
 * within a few percent of a bare passthrough (see `pnpm bench proxy`). Steps stay one concern per
 * file; only their composition is flattened. Synchronous steps are not awaited.
 *
 * @example
 * const api = pipeline(startContext, [identify, limit, authorise, validate, forward]);
 * api(req, res, (error) => answerError(error, req, res));
 */
export function pipeline(
  begin: (req: IncomingMessage, res: ServerResponse) => RequestContext,
  steps: readonly Step[],
): PipelineHandler {
  return function runPipeline(req, res, fail): void {
    const ctx = begin(req, res);
    let i = 0;
    const run = (): void => {
      try {
        while (i < steps.length) {
          const pending = (steps[i++] as Step)(req, res, ctx);
          if (res.writableEnded) {
            return;
          }
          if (pending) {
            pending.then(() => (res.writableEnded ? undefined : run()), fail);
            return;
          }
        }
      } catch (error) {
        fail(error);
      }
    };
    run();
  };
}
