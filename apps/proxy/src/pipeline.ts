import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { RequestContext } from './request-context.js';

/**
 * One stage of handling an API request. A step may answer (then the pipeline stops), throw an
 * `HttpError` (the error handler answers) or do nothing (the next step runs).
 */
export type Step = (req: Request, res: Response, ctx: RequestContext) => void | Promise<void>;

/**
 * Runs steps in order inside one Express handler. Why not one Express middleware per step: each
 * Express layer costs a path match and a `next()` hop per request, and the proxy's whole budget
 * is to stay within a few percent of a bare passthrough (see `pnpm bench proxy`). Steps stay one
 * concern per file; only their composition is flattened. Synchronous steps are not awaited.
 *
 * @example
 * app.use('/v2', pipeline(startContext, [identify, limit, authorise, validate, forward]));
 */
export function pipeline(
  begin: (req: Request, res: Response) => RequestContext,
  steps: readonly Step[],
): RequestHandler {
  return function runPipeline(req: Request, res: Response, next: NextFunction): void {
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
            pending.then(() => (res.writableEnded ? undefined : run()), next);
            return;
          }
        }
      } catch (error) {
        next(error);
      }
    };
    run();
  };
}
