import type { Sandbox } from '@assetkit/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sandboxArgs, startTestSandbox } from '../../test/helpers.js';
import { EXIT } from '../report/exit-code.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterEach(() => {
  sandbox.setFaults(null);
  sandbox.requests.clear();
});
afterAll(() => sandbox.close());

const sent = (operationId: string) => sandbox.requests.entries().filter((r) => r.operationId === operationId);

// Found in review: a probe answered 429 with Retry-After: 3600 kept the CLI silent for six minutes
// (three waits of the 120 s cap, each ending in the same 429) before exit 2, and every 429 of a
// run was waited out without a word, so a run looked hung.
describe('a call answered 429', () => {
  it('is not sent again when Retry-After asks for longer than the suite waits, and the run says why it stops', async () => {
    sandbox.setFaults({ operations: ['list-asset-folders'], error: { status: 429, retryAfterSeconds: 3600 } });
    const { code, stderr } = await runCli(sandboxArgs(sandbox));
    expect(code).toBe(EXIT.usage);
    expect(sent('list-asset-folders')).toHaveLength(1);
    expect(stderr).toContain(
      'the first request (GET list-asset-folders → 429 (not sent again: Retry-After: 3600 asks for longer than the 120 s the suite waits)) was refused',
    );
  });

  it('says on stderr what it waits for before sending it again', async () => {
    sandbox.setFaults({ operations: ['get-asset-folder'], error: { status: 429, retryAfterSeconds: 1, count: 1 } });
    const { code, stderr } = await runCli(sandboxArgs(sandbox));
    expect(code).toBe(EXIT.ok);
    expect(sent('get-asset-folder').map((r) => r.status)).toContain(429);
    expect(stderr).toContain(
      'assetkit-conformance: get-asset-folder answered 429; sending it again in 1 s (Retry-After: 1), attempt 2 of 4\n',
    );
  });
});
