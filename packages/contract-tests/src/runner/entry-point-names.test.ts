import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewritingHeader, runCli, startTestSandbox } from '../../test/helpers.js';
import type { JsonReport } from '../report/json-report.js';
import { koniferAssets } from '../scenarios/konifer-assets/index.js';
import { webflowAssets } from '../scenarios/webflow-assets/index.js';
import type { RunReport } from './report-types.js';
import { type RunOptions, runSuite } from './run-suite.js';

// Found in review: errors and lines of a run started from code named the CLI's flags
// (`check --token`, `point --base-url at …`, `vars.siteId: --site-id must be …`), options a caller
// of runSuite never typed. Each message is checked from both entry points, over real HTTP.

/** A CLI flag in a message (`--token`), not a dash in the text. */
const FLAG = /(^|[\s(])--[a-z]/;

let sandbox: Sandbox;
let dir: string;
let redirecting: Server;
let page: Server;
let nothing: Server;
let redirectUrl = '';
let nothingUrl = '';
let pageUrl = '';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  dir = await mkdtemp(join(tmpdir(), 'assetkit-entry-names-'));
  redirecting = createServer((req, res) => {
    res.writeHead(302, { location: `${sandbox.url}${req.url}` }).end();
  });
  page = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>Welcome</body></html>');
  });
  nothing = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"route_not_found","message":"no route"}');
  });
  redirectUrl = await listen(redirecting);
  nothingUrl = await listen(nothing);
  pageUrl = await listen(page);
});

afterAll(async () => {
  await sandbox.close();
  redirecting.closeAllConnections();
  page.closeAllConnections();
  nothing.closeAllConnections();
  await new Promise((resolve) => nothing.close(resolve));
  await new Promise((resolve) => redirecting.close(resolve));
  await new Promise((resolve) => page.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

/** runSuite against the sandbox, with `change` applied to the options; the error it rejects with. */
async function libraryError(change: Partial<RunOptions>): Promise<Error> {
  const options: RunOptions = {
    module: webflowAssets,
    baseUrl: sandbox.url,
    token: sandbox.token,
    vars: { siteId: sandbox.siteId },
    maxRetries: 0,
    ...change,
  };
  const error = await runSuite(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('the options a message names, as the entry point used takes them', () => {
  it.each([
    {
      name: 'a token the server refuses',
      library: { token: 'wrong' },
      says: 'the token was not accepted: check token',
      cli: ['--base-url', '{sandbox}', '--token', 'wrong', '--site-id', '{site}'],
      cliSays: 'the token was not accepted: check --token',
    },
    {
      name: 'a site the server does not know',
      library: { vars: { siteId: '0000000000000000000000c1' } },
      says: 'check vars.siteId, and that baseUrl ends with the API base path (e.g. /v2)',
      cli: ['--base-url', '{sandbox}', '--token', '{token}', '--site-id', '0000000000000000000000c1'],
      cliSays: 'check --site-id, and that --base-url ends with the API base path (e.g. /v2)',
    },
    {
      name: 'a base URL that redirects',
      library: { baseUrl: '{redirect}' },
      says: 'point baseUrl at the API itself',
      cli: ['--base-url', '{redirect}', '--token', '{token}', '--site-id', '{site}'],
      cliSays: 'point --base-url at the API itself',
    },
    {
      name: 'a base URL that serves an HTML page',
      library: { baseUrl: '{page}' },
      says: "point baseUrl at the API's root",
      cli: ['--base-url', '{page}', '--token', '{token}', '--site-id', '{site}'],
      cliSays: "point --base-url at the API's root",
    },
    {
      name: 'an https URL to a plain HTTP server',
      library: { baseUrl: '{tls}' },
      says: 'use http:// in baseUrl',
      cli: ['--base-url', '{tls}', '--token', '{token}', '--site-id', '{site}'],
      cliSays: 'use http:// in --base-url',
    },
    {
      name: 'a base URL where no Konifer API answers',
      library: { module: koniferAssets, baseUrl: '{nothing}', vars: {} },
      says: 'no Konifer asset API answers here: check baseUrl (the server root, without /assets)',
      cli: ['--api', 'konifer-assets', '--base-url', '{nothing}'],
      cliSays: 'no Konifer asset API answers here: check --base-url (the server root, without /assets)',
    },
    {
      name: 'a module option its check refuses',
      library: { vars: { siteId: 'abc' } },
      says: 'runSuite: vars.siteId must be a 24-character hex ObjectId, got "abc"',
      cli: ['--base-url', '{sandbox}', '--token', '{token}', '--site-id', 'abc'],
      cliSays: '--site-id must be a 24-character hex ObjectId, got "abc"',
    },
  ])('$name', async ({ library, says, cli, cliSays }) => {
    const fill = (text: string) =>
      text
        .replace('{sandbox}', sandbox.url)
        .replace('{token}', sandbox.token)
        .replace('{site}', sandbox.siteId)
        .replace('{redirect}', redirectUrl)
        .replace('{nothing}', nothingUrl)
        .replace('{tls}', pageUrl.replace('http:', 'https:'))
        .replace('{page}', pageUrl);
    const change = Object.fromEntries(
      Object.entries(library).map(([key, value]) => [key, typeof value === 'string' ? fill(value) : value]),
    );
    const error = await libraryError(change);
    expect(error.message).toContain(says);
    expect(error.message).not.toMatch(FLAG);
    const { stderr } = await runCli(cli.map(fill));
    expect(stderr).toContain(cliSays);
  });

  it('names the read-only token option in the skip reason of the step that needs it', async () => {
    const step = (report: RunReport | JsonReport) =>
      report.scenarios.flatMap((s) => s.steps).find((s) => s.name === 'a read-only token cannot create (403)');
    const report = await runSuite({
      module: webflowAssets,
      baseUrl: sandbox.url,
      token: sandbox.token,
      vars: { siteId: sandbox.siteId },
    });
    expect(step(report)).toMatchObject({
      status: 'skipped',
      reason: 'pass readOnlyToken with a token that has assets:read only to test this',
    });
    const json = join(dir, 'skipped.json');
    await runCli(['--base-url', sandbox.url, '--token', sandbox.token, '--site-id', sandbox.siteId, '--json', json]);
    const cliReport = JSON.parse(await readFile(json, 'utf8')) as JsonReport;
    expect(step(cliReport)).toMatchObject({
      status: 'skipped',
      reason: 'pass --token-read-only with a token that has assets:read only to test this',
    });
  });

  it('names the token option in the line on an X-RateLimit-Limit it cannot read', async () => {
    const twoFigures = rewritingHeader('x-ratelimit-limit', '30, 60');
    const lines: string[] = [];
    await runSuite({
      module: webflowAssets,
      baseUrl: sandbox.url,
      token: sandbox.token,
      vars: { siteId: sandbox.siteId },
      readOnly: true,
      fetch: twoFigures,
      onRateLimitNote: (line) => lines.push(line),
    });
    expect(lines).toContain(
      'X-RateLimit-Limit `30, 60` could not be read: it gives two different figures; the rate limit for token stays unlimited (the default)',
    );
    expect(lines.join('\n')).not.toMatch(FLAG);
    const { stderr } = await runCli(
      ['--base-url', sandbox.url, '--token', sandbox.token, '--site-id', sandbox.siteId, '--read-only'],
      { fetch: twoFigures },
    );
    expect(stderr).toContain('the rate limit for --token stays unlimited (the default)');
  });
});
