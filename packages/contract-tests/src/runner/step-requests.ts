import { InterruptedError, TransportError } from './operation-caller.js';
import type { StepContext } from './scenario-types.js';

/** What the requests of one step came to, once every one of them has settled. */
export interface RequestTally {
  /** API calls that got a response, whatever its status. */
  answered: number;
  /** API calls that got none: refused, reset or timed out. */
  unanswered: number;
  /** Every transport failure of the step, API calls and raw requests alike, in the order they came. */
  transportErrors: TransportError[];
  /** A request was refused because the run was interrupted. */
  interrupted: boolean;
}

/**
 * Wraps the context of one step so the runner can wait for every request the step started
 * before the next step begins, and learn whether the target answered the step at all.
 *
 * Waiting matters because scenarios send requests in parallel (`Promise.all`): when one of them
 * fails, the step throws while its siblings are still in flight. Without the wait their answers
 * would land after the step was reported, and overlap the next step (which might then find
 * missing what was only late). Only API calls count as answered or not: raw requests go to other
 * hosts (storage, a CDN), whose silence says nothing about the target.
 */
export function trackRequests(context: StepContext): {
  context: StepContext;
  settled(): Promise<RequestTally>;
} {
  const pending = new Set<Promise<void>>();
  const tally: RequestTally = { answered: 0, unanswered: 0, transportErrors: [], interrupted: false };
  function track<T>(request: Promise<T>, api: boolean): Promise<T> {
    const watched = request.then(
      function answered(value) {
        tally.answered += api ? 1 : 0;
        return value;
      },
      function failed(error: unknown) {
        if (error instanceof TransportError) {
          tally.transportErrors.push(error);
          tally.unanswered += api ? 1 : 0;
        }
        tally.interrupted ||= error instanceof InterruptedError;
        throw error;
      },
    );
    const done = watched.then(
      () => undefined,
      () => undefined,
    );
    pending.add(done);
    void done.then(() => pending.delete(done));
    return watched;
  }
  return {
    context: {
      ...context,
      call: (spec) => track(context.call(spec), true),
      raw: (request) => track(context.raw(request), false),
    },
    async settled() {
      // A request that settles may be followed by another of the same chain (get, then its hosted file).
      while (pending.size > 0) {
        await Promise.all(pending);
      }
      return tally;
    },
  };
}
