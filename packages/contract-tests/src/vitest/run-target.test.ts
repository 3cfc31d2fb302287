import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { koniferAssets } from '../scenarios/konifer-assets/index.js';
import { runTarget } from './run-target.js';

// Found in review: runContractSuite's messages named the options as runSuite takes them, so a
// server that is no Konifer API was told to `check module and baseUrl`, where runContractSuite
// selects the API with `api: 'konifer-assets'` and has no `module`.

let refusing: Server;
let url = '';

beforeAll(async () => {
  refusing = createServer((_req, res) => {
    res.writeHead(405, { 'content-type': 'application/json' }).end('{"message":"method not allowed"}');
  });
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(refusing.address() as { port: number }).port}`;
});

afterAll(async () => {
  refusing.closeAllConnections();
  await new Promise((resolve) => refusing.close(resolve));
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
