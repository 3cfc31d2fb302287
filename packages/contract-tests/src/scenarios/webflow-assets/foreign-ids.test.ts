import type { Sandbox } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedChecks, runScenarios, seedAsset, startTestSandbox } from '../../../test/helpers.js';
import { startStandIn } from '../../../test/stand-in.js';
import { formatConsoleReport } from '../../report/console-report.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

/** The asset as get-asset shows it, to compare before and after a run. */
async function getAsset(id: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${sandbox.url}/v2/assets/${id}`, { headers: { authorization: `Bearer ${sandbox.token}` } });
  return { status: res.status, body: await res.json() };
}

// Found in review: a server whose create-asset answered the id of an asset already on the site
// (a mix-up between records) had that asset renamed by the lifecycle's PATCH and deleted by its
// DELETE and by cleanup, though the suite must never change what it did not create.
describe('webflow-assets scenarios write only to what the run created', () => {
  it('send no PATCH or DELETE to an id that create-asset answered but get-asset shows is not theirs', async () => {
    const foreign = await seedAsset(sandbox, 'not-the-suites.png');
    const before = await getAsset(foreign);
    const mixesUpIds = await startStandIn(sandbox.url, async ({ method, url }, forward) => {
      const answer = await forward();
      if (method !== 'POST' || !url.pathname.endsWith('/assets') || answer.status !== 200) {
        return answer;
      }
      const body = JSON.parse(new TextDecoder().decode(answer.body)) as Record<string, unknown>;
      return { ...answer, body: new TextEncoder().encode(JSON.stringify({ ...body, id: foreign })) };
    });
    try {
      sandbox.requests.clear();
      const report = await runScenarios(sandbox, ['lifecycle', 'negative writes'], { baseUrl: mixesUpIds.url });
      const writes = sandbox.requests
        .entries()
        .filter((r) => r.method !== 'GET' && r.path.endsWith(`/assets/${foreign}`))
        .map(
          (r) => `${r.method} ${r.path} ${r.headers.authorization === `Bearer ${sandbox.token}` ? 'token' : 'other'}`,
        );
      expect(writes).toEqual([]);
      expect(await getAsset(foreign)).toEqual(before);
      // The mix-up itself is reported: get-asset of the id shows another file.
      expect(failedChecks(report).map((c) => c.check)).toContain('get-asset-shows-upload');
      expect(report.cleanup.removed.map((r) => r.id)).not.toContain(foreign);
      const leftAlone = report.cleanup.failed.find((f) => f.id === foreign);
      expect(leftAlone?.error).toMatch(
        /^not deleted: get-asset shows [0-9a-f]{24} is "not-the-suites\.png", not assetkit-conformance-[0-9a-f]{8}-(1|2|outside)\.png, which this run created$/,
      );
      // Found in review: its line ended "(1 attempt)", though no removal of it was attempted.
      expect(leftAlone?.attempts).toBeUndefined();
      const line = formatConsoleReport(report)
        .split('\n')
        .find((l) => l.startsWith(`  ✗ asset ${foreign} `));
      expect(line).toMatch(
        /^ {2}✗ asset [0-9a-f]{24} \(.*\): not deleted: get-asset shows .*, which this run created$/,
      );
    } finally {
      await mixesUpIds.close();
    }
  });
});
