import { mkdirSync, writeFileSync } from 'node:fs';
import { getContract } from '@assetkit/contract';
import { SANDBOX_DEFAULTS } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FuzzRequest } from '../test/fuzz/fuzz-request.js';
import { FUZZ } from '../test/fuzz/fuzz-settings.js';
import { createRequestFuzzer } from '../test/fuzz/request-fuzzer.js';
import { assertEveryRequest, errorShapeProblem, newTally } from '../test/fuzz/run-property.js';
import { type Credentials, type FuzzResponse, sendRequest } from '../test/fuzz/send-request.js';
import { CANARY_TOKEN, KEYS, type Stack, startStack } from '../test/harness.js';

const BODY_LIMIT = 16 * 1024;
const UNKNOWN_ID = 'ffffffffffffffffffffffff';

describe(`spec-driven fuzzing (seed ${FUZZ.seed}, ${FUZZ.runs} requests per property; FUZZ_SEED / FUZZ_RUNS change them)`, () => {
  let stack: Stack;
  const tally = newTally();
  const sandboxTally = newTally();
  const answers: string[] = [];
  const proxyCredentials: Credentials = {
    valid: `Bearer ${KEYS.writer}`,
    unknown: 'Bearer not-a-key-of-this-proxy-0000',
    malformed: `Basic ${Buffer.from('user:pass').toString('base64')}`,
    'insufficient-scope': `Bearer ${KEYS.reader}`,
  };
  const fuzzer = () =>
    createRequestFuzzer('webflow-assets', {
      tenant: stack.sandbox.siteId,
      bodyLimitBytes: BODY_LIMIT,
      limitedScopes: ['assets:read'],
    });

  beforeAll(async () => {
    stack = await startStack({ REQUEST_BODY_LIMIT: String(BODY_LIMIT), RATE_LIMIT_UNAUTHENTICATED: '100000' });
  });
  afterAll(async () => {
    await stack.close();
    mkdirSync(new URL('../reports/', import.meta.url), { recursive: true });
    const report = { seed: FUZZ.seed, runsPerProperty: FUZZ.runs, proxy: tally, sandboxDirect: sandboxTally };
    writeFileSync(new URL('../reports/fuzz.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  });

  const viaProxy = async (request: FuzzRequest, requestId: string): Promise<FuzzResponse> => {
    stack.sandbox.requests.clear();
    const response = await sendRequest(stack.proxy.url, request, proxyCredentials, {
      requestId,
      timeoutMs: FUZZ.timeoutMs,
    });
    answers.push(JSON.stringify(response.rawHeaders), response.body.toString('utf8'));
    return response;
  };

  /** What reached the sandbox differs from what the client sent, but for a byte order mark (or `undefined`). */
  const forwardedChange = (request: FuzzRequest): string | undefined => {
    const seen = stack.sandbox.requests.entries();
    if (seen.length !== 1) {
      return `expected the request upstream once, it arrived ${seen.length} times`;
    }
    const [entry] = seen as [(typeof seen)[0]];
    const sent = {
      method: request.method,
      path: request.path,
      query: request.query,
      // The one change the proxy makes: a JSON body's byte order mark, which the validator reads
      // past, is left out (the upstream reads exactly what was checked).
      body: request.body?.toString('utf8').replace(/^\uFEFF/, '') ?? '',
    };
    const got = { method: entry.method, path: entry.path, query: entry.query, body: entry.body };
    return JSON.stringify(sent) === JSON.stringify(got) ? undefined : `forwarded changed: ${JSON.stringify(got)}`;
  };

  it('refuses every invalid request with a 4xx in Webflow’s error shape, and forwards none', {
    timeout: FUZZ.testTimeoutMs,
  }, async () => {
    await assertEveryRequest({
      name: 'invalid request',
      baseUrl: stack.proxy.url,
      requests: fuzzer().invalid,
      send: viaProxy,
      tally,
      judge(_request, response) {
        if (stack.sandbox.requests.entries().length > 0) {
          tally.invalidForwarded++;
          return 'an invalid request was forwarded upstream';
        }
        return response.status >= 400 && response.status < 500 ? errorShapeProblem(response) : `expected a 4xx`;
      },
    });
  });

  it('forwards every valid request unchanged: method, path, query string and body bytes', {
    timeout: FUZZ.testTimeoutMs,
  }, async () => {
    await assertEveryRequest({
      name: 'valid request',
      baseUrl: stack.proxy.url,
      requests: fuzzer().valid,
      send: viaProxy,
      tally,
      judge: (request, response) =>
        response.status >= 500 ? `a valid request got ${response.status}` : forwardedChange(request),
    });
  });

  it('gets 2xx for valid requests on real resources, or 404 resource_not_found for unknown ids', {
    timeout: FUZZ.testTimeoutMs,
  }, async () => {
    const folder = await (
      await stack.call(`/v2/sites/${stack.sandbox.siteId}/asset_folders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"displayName":"fuzz"}',
      })
    ).json();
    const asset = await (
      await stack.call(`/v2/sites/${stack.sandbox.siteId}/assets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fileName: 'fuzz.png', fileHash: 'd41d8cd98f00b204e9800998ecf8427e' }),
      })
    ).json();
    const locales = [SANDBOX_DEFAULTS.locales.primary, ...SANDBOX_DEFAULTS.locales.secondary].map((l) => l.id);
    const known = {
      asset_id: [asset.id, UNKNOWN_ID],
      asset_folder_id: [folder.id, UNKNOWN_ID],
      folderId: [folder.id],
      parentFolder: [folder.id],
      localeId: locales,
      fileName: ['fuzz.png', 'notes.txt', 'report.pdf'],
    };
    const fuzz = createRequestFuzzer('webflow-assets', {
      tenant: stack.sandbox.siteId,
      bodyLimitBytes: BODY_LIMIT,
      hints: { known },
    });
    await assertEveryRequest({
      name: 'valid request on real resources',
      baseUrl: stack.proxy.url,
      requests: fuzz.valid,
      send: viaProxy,
      tally,
      numRuns: Math.max(50, Math.round(FUZZ.runs / 3)),
      judge(request, response) {
        if (response.status === 404 && JSON.parse(response.body.toString('utf8')).code === 'resource_not_found') {
          return forwardedChange(request);
        }
        return response.status < 300 ? forwardedChange(request) : 'expected a 2xx, or 404 for an unknown id';
      },
    });
  });

  it('never answers 5xx to hostile requests, never hangs, and forwards only what it leaves unchanged', {
    timeout: FUZZ.testTimeoutMs,
  }, async () => {
    await assertEveryRequest({
      name: 'hostile request',
      baseUrl: stack.proxy.url,
      requests: fuzzer().hostile,
      send: viaProxy,
      tally,
      judge(request, response) {
        if (response.status >= 500) {
          return 'a hostile request got a 5xx';
        }
        return stack.sandbox.requests.entries().length === 0 ? undefined : forwardedChange(request);
      },
    });
    expect((await fetch(`${stack.proxy.url}/healthz`)).status).toBe(200);
  });

  it('the sandbox itself refuses the same invalid corpus with a 4xx and no change of state', {
    timeout: FUZZ.testTimeoutMs,
  }, async () => {
    const contract = getContract('webflow-assets');
    const lists = contract.operations.filter(
      (o) => o.method === 'get' && o.parameters.every((p) => p.in !== 'path' || p.object['x-assetkit-tenant']),
    );
    const snapshot = () =>
      Promise.all(
        lists.map(async (o) => {
          const url = `${stack.sandbox.url}${contract.router.basePaths.at(-1)}${o.path.replace(/\{[^}]+\}/g, stack.sandbox.siteId)}`;
          return (await fetch(url, { headers: { authorization: `Bearer ${stack.sandbox.token}` } })).text();
        }),
      ).then((bodies) => bodies.join('\n'));
    const credentials: Credentials = {
      valid: `Bearer ${stack.sandbox.token}`,
      unknown: 'Bearer not-a-sandbox-token',
      malformed: 'Basic dXNlcjpwYXNz',
      'insufficient-scope': `Bearer ${stack.sandbox.readOnlyToken}`,
    };
    const direct = createRequestFuzzer('webflow-assets', {
      tenant: stack.sandbox.siteId,
      bodyLimitBytes: 1024 * 1024,
      limitedScopes: ['assets:read'],
    });
    let before = await snapshot();
    await assertEveryRequest({
      name: 'invalid request to the sandbox',
      baseUrl: stack.sandbox.url,
      requests: direct.invalid,
      send: (request, requestId) =>
        sendRequest(stack.sandbox.url, request, credentials, { requestId, timeoutMs: FUZZ.timeoutMs }),
      tally: sandboxTally,
      async judge(_request, response) {
        const after = await snapshot();
        const changed = after !== before;
        before = after;
        if (changed) {
          return 'the sandbox changed state';
        }
        return response.status >= 400 && response.status < 500 ? errorShapeProblem(response) : 'expected a 4xx';
      },
    });
  });

  it('never shows the upstream token in an answer, a log line or /metrics across the whole run', {
    timeout: FUZZ.testTimeoutMs,
  }, async () => {
    answers.push(await (await fetch(`${stack.proxy.url}/metrics`)).text());
    expect(tally.requests).toBeGreaterThan(FUZZ.runs * 3);
    expect(stack.proxy.logs.length).toBeGreaterThan(FUZZ.runs);
    const leaks = [...answers, ...stack.proxy.logs].filter((text) => text.includes(CANARY_TOKEN));
    expect(leaks).toEqual([]);
    expect(tally).toMatchObject({ invalidForwarded: 0, serverErrors: 0, timeouts: 0 });
  });
});
