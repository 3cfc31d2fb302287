import type { Sandbox } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox } from '../../../test/helpers.js';
import { runSuite } from '../../runner/run-suite.js';
import type { FetchLike } from '../../runner/scenario-types.js';
import { koniferAssets } from './index.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

/**
 * The sandbox, except that a recursive delete of a path already deleted that way answers 404, as
 * a Konifer may when what it should delete is gone (deleted with its parent, or by a step).
 */
function answering404WhenGone(): FetchLike & { gone: string[] } {
  const deleted = new Set<string>();
  const gone: string[] = [];
  const fetchGone = async (input: string, init?: RequestInit) => {
    const url = new URL(input);
    const recursive = init?.method === 'DELETE' && url.pathname.endsWith('/-/recursive');
    if (recursive && deleted.has(url.pathname)) {
      gone.push(url.pathname);
      return new Response(null, { status: 404 });
    }
    const res = await fetch(input, init);
    if (recursive && res.status === 204) {
      deleted.add(url.pathname);
    }
    return res;
  };
  return Object.assign(fetchGone, { gone });
}

// Found in review: the lifecycle's own recursive delete had removed the run's path, cleanup's
// delete of it was answered 404, and cleanup listed the path as failed though nothing was left.
describe('cleanup of a Konifer run path', () => {
  it('counts a 404 to its recursive delete as removed: the path is gone either way', async () => {
    const fetchGone = answering404WhenGone();
    const report = await runSuite({
      module: koniferAssets,
      baseUrl: sandbox.url,
      fetch: fetchGone,
      vars: {},
      rateLimit: null,
      timeoutMs: 5_000,
      skip: [{ reason: 'not under test here', tests: ['negative reads', 'negative writes'] }],
    });
    const path = `assetkit-conformance/${report.runId}`;
    expect(fetchGone.gone).toEqual([`/assets/${path}/-/recursive`]);
    expect(report.cleanup).toEqual({ removed: [expect.objectContaining({ id: path })], failed: [], left: [] });
    expect(report.summary.failed).toBe(0);
  });
});
