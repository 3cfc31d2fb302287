import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioModule } from '../scenarios/registry.js';
import type { SkipRule } from './run-scenario.js';
import { runSuite } from './run-suite.js';

const SITE = '65f0a1b2c3d4e5f6a7b8c9d0';

/** Starts a test server on a free port of 127.0.0.1 and returns its base URL. */
async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('runSuite against a server that goes silent', () => {
  let server: Server;
  let base: string;
  const probeOnlyRequests: string[] = [];
  beforeAll(async () => {
    // Accepts every connection and reads every request, but answers only under /answers/, and
    // under /probe-only/ the probe alone: a server that is there, and silent.
    server = createServer((req, res) => {
      if (req.url?.startsWith('/probe-only/')) {
        probeOnlyRequests.push(req.url);
      }
      if (req.url === `/probe-only/v2/sites/${SITE}/asset_folders`) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"assetFolders":[],"pagination":{"limit":100,"offset":0,"total":0}}');
      }
      if (req.url?.startsWith('/answers/')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"code":"route_not_found","message":"no such route"}');
      }
    });
    base = await listen(server);
  });
  afterAll(() => close(server));

  const run = (baseUrl: string, skip: SkipRule[] = []) =>
    runSuite({
      module: scenarioModule('webflow-assets') as NonNullable<ReturnType<typeof scenarioModule>>,
      baseUrl,
      token: 't',
      vars: { siteId: SITE },
      timeoutMs: 300,
      maxRetries: 0,
      skip,
    });

  // Found in review: without siteId the whole suite ran, and its steps failed as if the server had.
  it('refuses options the module cannot run with, before sending anything', async () => {
    const before = probeOnlyRequests.length;
    const module = scenarioModule('webflow-assets') as NonNullable<ReturnType<typeof scenarioModule>>;
    await expect(runSuite({ module, baseUrl: `${base}/probe-only`, token: 't', vars: {} })).rejects.toThrow(
      'runSuite: vars.siteId is required',
    );
    await expect(
      runSuite({ module, baseUrl: `${base}/probe-only`, token: 't', vars: { siteId: 'abc' } }),
    ).rejects.toThrow('runSuite: vars.siteId must be a 24-character hex ObjectId, got "abc"');
    await expect(
      // biome-ignore lint/suspicious/noExplicitAny: what a JavaScript caller can pass
      runSuite({ module: undefined as any, baseUrl: base, token: 't', vars: {} }),
    ).rejects.toThrow('runSuite: module is required');
    await expect(
      runSuite({ module, baseUrl: `${base}/probe-only?x=1`, token: 't', vars: { siteId: SITE } }),
    ).rejects.toThrow('runSuite: baseUrl must not have a query string, got "?x=1"');
    expect(probeOnlyRequests.length).toBe(before);
  });

  // A timeoutMs of 0, NaN or 2 ** 31 (which setTimeout fires at once) went to AbortSignal.timeout:
  // each request then failed at once or threw a RangeError from inside the run.
  it.each([0, -5, Number.NaN, 2 ** 31, '30' as unknown as number])(
    'refuses timeoutMs %j before sending anything',
    async (timeoutMs) => {
      const module = scenarioModule('webflow-assets') as NonNullable<ReturnType<typeof scenarioModule>>;
      const before = probeOnlyRequests.length;
      await expect(
        runSuite({ module, baseUrl: `${base}/probe-only`, token: 't', vars: { siteId: SITE }, timeoutMs }),
      ).rejects.toThrow(
        `runSuite: timeoutMs must be a number of milliseconds from 1 to 600000, got ${typeof timeoutMs === 'string' ? '"30"' : String(timeoutMs)}`,
      );
      expect(probeOnlyRequests.length).toBe(before);
    },
  );

  // Found in review: this threw a bare "TypeError: Invalid URL", naming neither the option nor the value.
  it.each([
    ['not a url', 'runSuite: baseUrl must be a URL, got "not a url"'],
    ['', 'runSuite: baseUrl must be a URL, got ""'],
    ['localhost:4010', 'runSuite: baseUrl must be an http(s) URL, got "localhost:4010"'],
    [
      'http://user:secretpw@127.0.0.1:{port}/probe-only',
      'runSuite: baseUrl must not hold a user name or password (the credential goes in token)',
    ],
    // biome-ignore lint/suspicious/noExplicitAny: what a JavaScript caller can pass
    [undefined as any, 'runSuite: baseUrl is required: the URL of the API under test'],
  ])('refuses the base URL %j before sending anything, naming the option and the value', async (baseUrl, message) => {
    const module = scenarioModule('webflow-assets') as NonNullable<ReturnType<typeof scenarioModule>>;
    const before = probeOnlyRequests.length;
    const refusal = runSuite({
      module,
      baseUrl: baseUrl?.replace('{port}', new URL(base).port),
      token: 't',
      vars: { siteId: SITE },
    });
    await expect(refusal).rejects.toThrow(TypeError);
    await expect(refusal).rejects.toThrow(message);
    await expect(refusal).rejects.not.toThrow('secretpw');
    expect(probeOnlyRequests.length).toBe(before);
  });

  // Found by a new user's trial: this said "unreachable", though the server took the connection.
  it('says a server that accepts the request and never answers did not answer in time', async () => {
    await expect(run(`${base}/v2`)).rejects.toThrow(`${base}/v2 did not answer within 0.3 s`);
  });

  // And this blamed only --site-id, when the base path was what was wrong.
  it('names the base path as well as the site id when the first request gets a 404', async () => {
    await expect(run(`${base}/answers`)).rejects.toThrow(
      /check vars\.siteId, and that baseUrl ends with the API base path/,
    );
  });

  // A target that goes silent after the probe: each scenario waits out two timeouts, not one per step.
  it('blocks the rest of a scenario after two steps in a row got no answer, sending nothing more', async () => {
    const others = { reason: 'not under test here', tests: ['existing data', 'lifecycle', 'negative writes'] };
    const report = await run(`${base}/probe-only/v2`, [others]);
    const steps = report.scenarios.find((s) => s.name === 'negative reads')?.steps ?? [];
    const stopped =
      'blocked: the target stopped answering (no API call in "unknown ids answer 404" or "malformed ids answer 400" got a response)';
    expect(steps.map((s) => [s.name, s.status, s.status === 'blocked' ? s.reason : undefined])).toEqual([
      ['unknown ids answer 404', 'failed', undefined],
      ['malformed ids answer 400', 'failed', undefined],
      ['bad query parameters answer 400', 'blocked', stopped],
      ['no token or a wrong token answers 401', 'blocked', stopped],
    ]);
    expect(steps[0]?.checks.map((c) => c.check)).toEqual(['transport', 'transport', 'transport', 'transport']);
    // The probe, then the four requests of each of the two steps that timed out.
    expect(probeOnlyRequests).toHaveLength(9);
  });
});

// Found in review: an answer of endless JSON filled memory until --timeout ended it (3 GB in the
// default 30 s), and then the target was said not to answer.
describe('runSuite against a server whose answer is too large', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    // 100 MiB of JSON whitespace inside a list, as fast as the client reads it (under /later/,
    // the probe gets its list and every other request gets that body).
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === `/later/v2/sites/${SITE}/asset_folders`) {
        res.end('{"assetFolders":[],"pagination":{"limit":100,"offset":0,"total":0}}');
        return;
      }
      res.write('{"assetFolders":[');
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const more = () => {
        while (sent < 100) {
          sent++;
          if (!res.write(chunk)) {
            res.once('drain', more);
            return;
          }
        }
        res.end('],"pagination":{"limit":100,"offset":0,"total":0}}');
      };
      res.on('close', () => res.removeAllListeners('drain'));
      more();
    });
    base = await listen(server);
  });
  afterAll(() => close(server));

  const run = (baseUrl: string) =>
    runSuite({
      module: scenarioModule('webflow-assets') as NonNullable<ReturnType<typeof scenarioModule>>,
      baseUrl,
      token: 't',
      vars: { siteId: SITE },
      readOnly: true,
      timeoutMs: 20_000,
      maxRetries: 0,
    });

  it('stops reading at 20 MiB and says the first answer was too large, not that the target is unreachable', async () => {
    await expect(run(`${base}/v2`)).rejects.toThrow(
      `${base}/v2 answered with a body too large to be the API's: GET ${base}/v2/sites/${SITE}/asset_folders failed: the answer's body is larger than 20 MiB (20971520 bytes), the most this suite reads`,
    );
  }, 30_000);

  it('fails a later answer that is too large, naming the limit', async () => {
    const report = await run(`${base}/later/v2`);
    const failed = report.scenarios
      .flatMap((scenario) => scenario.steps)
      .flatMap((step) => step.checks)
      .filter((check) => check.check === 'transport');
    expect(failed.length).toBeGreaterThan(0);
    for (const check of failed) {
      expect(check.failures[0]?.message).toContain("the answer's body is larger than 20 MiB");
    }
  }, 30_000);
});

describe('runSuite interrupted while it waits out a Retry-After', () => {
  let server: Server;
  let base: string;
  let limited = 0;
  let calm = false;
  beforeAll(async () => {
    // The probe gets its list; every later request a documented 429 that asks for a 30 s pause,
    // until the test interrupts the run: then cleanup's search finds empty lists.
    server = createServer((req, res) => {
      if ((limited === 0 || calm) && req.method === 'GET') {
        limited = limited === 0 ? -1 : limited;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"assets":[],"assetFolders":[],"pagination":{"limit":100,"offset":0,"total":0}}');
        return;
      }
      limited = Math.max(limited, 0) + 1;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '30' });
      res.end('{"code":"too_many_requests","message":"Too many requests","externalReference":null,"details":[]}');
    });
    base = await listen(server);
  });
  afterAll(() => close(server));

  // Found by a trial of the CLI: coverage counted 429s whose checks Ctrl-C had thrown away, so
  // the matrix claimed answers the report did not show.
  it('reports the check of every 429 that coverage counts', async () => {
    const interrupt = new AbortController();
    const pending = runSuite({
      module: scenarioModule('webflow-assets') as NonNullable<ReturnType<typeof scenarioModule>>,
      baseUrl: `${base}/v2`,
      token: 't',
      vars: { siteId: SITE },
      timeoutMs: 2_000,
      maxRetries: 1,
      interrupt: interrupt.signal,
    });
    await expect.poll(() => limited, { timeout: 5_000 }).toBeGreaterThan(0);
    calm = true;
    interrupt.abort(new Error('SIGINT'));
    const report = await pending;
    const counted = report.coverage.pairs.filter((p) => p.status === '429').reduce((n, p) => n + p.exercised, 0);
    const reported = report.scenarios
      .flatMap((s) => s.steps.flatMap((step) => step.checks))
      .filter((c) => c.check === 'status-documented' && c.status === 429);
    expect(report.interrupted).toBe(true);
    expect(counted).toBeGreaterThan(0);
    expect(reported).toHaveLength(counted);
    expect(reported.every((c) => c.subject.endsWith('(retried after Retry-After: 30)'))).toBe(true);
  });
});
