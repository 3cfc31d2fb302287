import fc from 'fast-check';
import { type FuzzRequest, toCurl } from './fuzz-request.js';
import { FUZZ } from './fuzz-settings.js';
import { type FuzzResponse, FuzzTimeout } from './send-request.js';

/** Counts of one fuzz run, for the report. */
export interface FuzzTally {
  requests: number;
  byKind: Record<string, number>;
  byStatus: Record<string, number>;
  /** Invalid requests that reached the upstream (must be 0). */
  invalidForwarded: number;
  /** 5xx answers to invalid or hostile input (must be 0). */
  serverErrors: number;
  timeouts: number;
}

/** An empty tally. */
export function newTally(): FuzzTally {
  return { requests: 0, byKind: {}, byStatus: {}, invalidForwarded: 0, serverErrors: 0, timeouts: 0 };
}

/** Sends a request; the judge returns a problem, or `undefined` when the outcome is right. */
export interface PropertyRun {
  name: string;
  baseUrl: string;
  requests: fc.Arbitrary<FuzzRequest>;
  send(request: FuzzRequest, requestId: string): Promise<FuzzResponse>;
  judge(
    request: FuzzRequest,
    response: FuzzResponse,
    requestId: string,
  ): string | undefined | Promise<string | undefined>;
  tally: FuzzTally;
  numRuns?: number;
}

let counter = 0;

/**
 * Runs one fuzz property with the fixed seed: every generated request is sent (a timeout is a
 * failure), judged, and counted. A failure names the seed, the mutation and a `curl` that sends
 * the same request (credential as a placeholder), then fast-check shrinks it to a smaller one.
 *
 * @example
 * await assertEveryRequest({ name: 'invalid', baseUrl, requests: fuzzer.invalid, send, judge, tally });
 */
export async function assertEveryRequest(run: PropertyRun): Promise<void> {
  const numRuns = run.numRuns ?? FUZZ.runs;
  const property = fc.asyncProperty(run.requests, async (request) => {
    const requestId = `fuzz-${process.pid}-${++counter}`;
    let problem: string | undefined;
    try {
      const response = await run.send(request, requestId);
      run.tally.requests++;
      run.tally.byKind[request.kind] = (run.tally.byKind[request.kind] ?? 0) + 1;
      run.tally.byStatus[response.status] = (run.tally.byStatus[response.status] ?? 0) + 1;
      if (response.status >= 500 && request.kind !== 'valid') {
        run.tally.serverErrors++;
      }
      problem = await run.judge(request, response, requestId);
      if (problem) {
        problem = `${problem}\n  got ${response.status}: ${response.body.toString('utf8').slice(0, 400)}`;
      }
    } catch (error) {
      if (error instanceof FuzzTimeout) {
        run.tally.timeouts++;
      }
      problem = `${error instanceof FuzzTimeout ? 'hang: ' : 'no answer: '}${(error as Error).message}`;
    }
    if (problem) {
      throw new Error(
        `${run.name}: ${problem}\n  ${request.kind} request for ${request.operationId}, mutation: ${request.mutation}\n` +
          `  reproduce: ${toCurl(run.baseUrl, request)}\n  rerun: FUZZ_SEED=${FUZZ.seed} FUZZ_RUNS=${FUZZ.runs}`,
      );
    }
  });
  await fc.assert(property, { seed: FUZZ.seed, numRuns });
}

/** The problem with an answer that should be an error in Webflow's shape, or `undefined`. */
export function errorShapeProblem(response: FuzzResponse): string | undefined {
  if (!String(response.headers['content-type'] ?? '').startsWith('application/json')) {
    return `error answer is not JSON (content-type ${String(response.headers['content-type'])})`;
  }
  try {
    const body = JSON.parse(response.body.toString('utf8'));
    const ok =
      typeof body?.code === 'string' &&
      typeof body.message === 'string' &&
      body.externalReference === null &&
      Array.isArray(body.details);
    return ok ? undefined : 'error body is not {code, message, externalReference: null, details: []}';
  } catch {
    return 'error body is not JSON';
  }
}
