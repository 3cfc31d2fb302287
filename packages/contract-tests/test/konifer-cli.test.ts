import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/main.js';
import type { JsonReport } from '../src/report/json-report.js';
import { runCli, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  dir = await mkdtemp(join(tmpdir(), 'assetkit-conformance-konifer-'));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every asset at a path of the sandbox's Konifer API (an empty array when there is none). */
async function assetsAt(path: string): Promise<unknown[]> {
  const res = await fetch(`${sandbox.url}/assets/${path}/-/metadata?limit=-1`);
  return (await res.json()) as unknown[];
}

describe('assetkit-conformance --api konifer-assets against the sandbox', () => {
  it('passes with no token, every triggerable pair covered, and leaves nothing behind', async () => {
    const json = join(dir, 'konifer.json');
    const { code, stdout, stderr } = await runCli([
      '--api',
      'konifer-assets',
      '--base-url',
      sandbox.url,
      '--json',
      json,
      '--min-coverage',
      '100',
    ]);
    expect(stderr).toContain(`testing ${sandbox.url} (konifer-assets)`);
    expect(stdout).toContain(' 0 failed');
    expect(code).toBe(EXIT.ok);
    const report = JSON.parse(await readFile(json, 'utf8')) as JsonReport;
    expect(report.summary.failed).toBe(0);
    expect(report.coverage.triggerable).toMatchObject({ percent: 100 });
    expect(report.coverage.pairs.filter((p) => !p.triggerable)).toMatchObject([
      { operationId: 'store-asset', status: '403' },
    ]);
    const base = `assetkit-conformance/${report.runId}`;
    expect(report.cleanup).toMatchObject({ failed: [], left: [], removed: [expect.objectContaining({ id: base })] });
    for (const below of ['lifecycle', 'tree', 'tree/leaf', 'limits', 'refused']) {
      expect(await assetsAt(`${base}/${below}`)).toEqual([]);
    }
    const sent = sandbox.requests.entries();
    expect(sent.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(sent.some((r) => r.method === 'POST' && r.headers['content-type']?.startsWith('multipart/form-data'))).toBe(
      true,
    );
  });

  it.each([
    ['a --path-prefix with a "-" segment', ['--path-prefix', 'a/-/b'], /--path-prefix must be an asset path/],
    [
      'the Webflow-only --site-id',
      ['--site-id', '65f0a1b2c3d4e5f6a7b8c9d0'],
      /--site-id belongs to --api webflow-assets/,
    ],
  ])('refuses %s', async (_name, extra, problem) => {
    const { code, stderr } = await runCli(['--api', 'konifer-assets', '--base-url', sandbox.url, ...extra]);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(problem);
  });

  it('still requires --token for an API whose spec declares security', async () => {
    const { code, stderr } = await runCli(['--base-url', sandbox.url, '--site-id', sandbox.siteId]);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain('--token is required');
  });
});
