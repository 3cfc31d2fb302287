import { OBJECT_ID } from '@assetkit/contract';
import type { Sandbox } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceAssets, failedChecks, runScenarios, startTestSandbox } from '../../../test/helpers.js';
import { startStandIn } from '../../../test/stand-in.js';

// A sandbox of its own: its site holds nothing but what each run creates (and deletes), like a
// fresh test site, where a list filtered by folder and the whole site's list are the same.
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

describe('lifecycle: the folder filter leaves out an asset at the site root', () => {
  // Found in review: on a site holding only the run's own assets, a server that checks folderId
  // and then lists the whole site passed every folder-filter check.
  it('fails a server that ignores folderId, naming the asset it listed', async () => {
    const ignoresFolderId = await startStandIn(sandbox.url, async ({ method, url }, forward) => {
      const folderId = url.searchParams.get('folderId');
      if (method !== 'GET' || !url.pathname.endsWith('/assets') || folderId === null || !OBJECT_ID.test(folderId)) {
        return forward();
      }
      const wholeSite = new URL(url);
      wholeSite.searchParams.delete('folderId');
      return forward(wholeSite);
    });
    try {
      const report = await runScenarios(sandbox, ['lifecycle'], { baseUrl: ignoresFolderId.url });
      const found = failedChecks(report).filter((c) => c.check === 'folder-filter-excludes-others');
      // One page of the folder's list holds it (the one with room left after the folder's assets).
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ operationId: 'list-assets', response: { status: 200 } });
      expect(found[0]?.failures[0]?.pointer).toMatch(/^\/assets\/\d+$/);
      expect(found[0]?.failures[0]?.message).toMatch(
        /^asset [0-9a-f]{24}, created at the site root, is listed with folderId=[0-9a-f]{24}: /,
      );
      expect(found[0]?.curl).toMatch(/folderId=[0-9a-f]{24}/);
      expect(await conformanceAssets(sandbox)).toEqual([]);
    } finally {
      await ignoresFolderId.close();
    }
  });

  it('passes the sandbox, which filters, and deletes the asset it made', async () => {
    const report = await runScenarios(sandbox, ['lifecycle']);
    expect(failedChecks(report)).toEqual([]);
    const lifecycle = report.scenarios.find((s) => s.name === 'lifecycle');
    const step = lifecycle?.steps.find((s) => s.name === 'list the folder one asset per page');
    // One per page of the folder's list.
    expect(step?.checks.filter((c) => c.check === 'folder-filter-excludes-others' && c.passed)).toHaveLength(2);
    expect(report.cleanup.removed).toEqual([]);
    expect(await conformanceAssets(sandbox)).toEqual([]);
  });
});
