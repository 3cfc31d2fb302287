import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { koniferAssets } from '../scenarios/konifer-assets/index.js';
import { runTarget } from './run-target.js';

// Found in review: runContractSuite's messages named the options as runSuite takes them, so a
// server that is no Konifer API was told to `check module and baseUrl`, where runContractSuite
// selects the API with `api: 'konifer-assets'` and has no `module`.

let refusing: Server;
let url = '';
let silent: Server;
let silentUrl = '';

beforeAll(async () => {
  refusing = createServer((_req, res) => {
    res.writeHead(405, { 'content-type': 'application/json' }).end('{"message":"method not allowed"}');
  });
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(refusing.address() as { port: number }).port}`;
  // Accepts each request and never answers it.
  silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
});

afterAll(async () => {
  refusing.closeAllConnections();
  silent.closeAllConnections();
  await Promise.all([refusing, silent].map((server) => new Promise((resolve) => server.close(resolve))));
});

it("names runContractSuite's own option for the API in the probe's hint", async () => {
  const error = await runTarget(
    koniferAssets,
    { baseUrl: url, vars: {} },
    { strict: false, exerciseRateLimit: false, skip: [] },
  ).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error?.message).toContain('this server does not serve Konifer metadata: check api and baseUrl');
});

// runContractSuite had no timeout of its own: a server that says nothing held each request for
// runSuite's default 30 s, and the message named `timeoutMs`, an option the caller could not set.
it('passes timeoutMs on, and the message names it', async () => {
  const error = await runTarget(
    koniferAssets,
    { baseUrl: silentUrl, vars: {} },
    { strict: false, exerciseRateLimit: false, skip: [], timeoutMs: 300 },
  ).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error?.message).toMatch(/did not answer within 0\.3 s: .*\(timeoutMs\)/);
});
