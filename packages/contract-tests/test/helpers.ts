import { createServer } from 'node:net';
import { SANDBOX_DEFAULTS, type Sandbox, type SandboxOptions, startSandbox } from '@assetkit/sandbox';
import { main } from '../src/cli/main.js';
import { type Clock, systemClock } from '../src/runner/clock.js';
import type { RunReport } from '../src/runner/report-types.js';
import { type RunOptions, runSuite } from '../src/runner/run-suite.js';
import type { FetchLike } from '../src/runner/scenario-types.js';
import { makePng, md5Hex } from '../src/scenarios/webflow-assets/fixtures.js';
import { webflowAssets } from '../src/scenarios/webflow-assets/index.js';

/** A clock whose sleeps advance time instead of waiting, and are remembered. */
export function fakeClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

/**
 * A clock that stands still until something sleeps, like {@link fakeClock}, but whose sleeps take
 * a real turn of the event loop before time jumps to their end: requests that wait at the same
 * time really wait together, as they do on the system clock, and the sandbox's minutes (given
 * `now`) still roll only when the run waits.
 */
export function steppingClock(): Clock {
  let now = 0;
  return {
    now: () => now,
    async sleep(ms, signal) {
      const end = now + ms;
      await systemClock.sleep(1, signal);
      now = Math.max(now, end);
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The sandbox's second locale, for the per-locale altText step. */
export const SECONDARY_LOCALE = SANDBOX_DEFAULTS.locales.secondary[0]?.id as string;

/** A sandbox with a budget no test run can exhaust, unless the test says otherwise. */
export function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ rateLimitPerMinute: 100_000, ...options });
}

/** The CLI arguments that point at a sandbox, with both tokens and the secondary locale. */
export function sandboxArgs(sandbox: Sandbox, ...extra: string[]): string[] {
  return [
    '--base-url',
    sandbox.url,
    '--token',
    sandbox.token,
    '--token-read-only',
    sandbox.readOnlyToken,
    '--site-id',
    sandbox.siteId,
    '--locale-id',
    SECONDARY_LOCALE,
    ...extra,
  ];
}

/** Runs the CLI in-process and captures its output. */
export async function runCli(
  argv: string[],
  { terminal = false, clock, fetch }: { terminal?: boolean; clock?: Clock; fetch?: FetchLike } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text), isTTY: terminal },
    stderr: { write: (text: string) => (stderr += text), isTTY: terminal },
    ...(clock && { clock }),
    ...(fetch && { fetch }),
  });
  return { code, stdout, stderr };
}

/**
 * A clock that runs `factor` times faster than the system's, from now on: given to the CLI and
 * to a sandbox (`now`), a per-minute budget is spent and refilled in seconds, and every wait
 * (the rate limit, `Retry-After`) takes `1/factor` of its time. Request timeouts stay real.
 */
export function fastClock(factor: number): Clock {
  const start = Date.now();
  return {
    now: () => start + (Date.now() - start) * factor,
    sleep: (ms, signal) => systemClock.sleep(ms / factor, signal),
  };
}

/** The assets of the sandbox's site whose file names say a conformance run made them. */
export async function conformanceAssets(sandbox: Sandbox): Promise<string[]> {
  const res = await fetch(`${sandbox.url}/v2/sites/${sandbox.siteId}/assets?limit=100`, {
    headers: { authorization: `Bearer ${sandbox.token}` },
  });
  const body = (await res.json()) as { assets: { originalFileName: string }[] };
  return body.assets.map((a) => a.originalFileName).filter((name) => name.startsWith('assetkit-conformance'));
}

/** Creates and uploads one small PNG through the API, as a user would, so the site has data to read. */
export async function seedAsset(sandbox: Sandbox, fileName = 'seeded.png'): Promise<string> {
  const bytes = makePng(fileName);
  const headers = { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' };
  const created = await fetch(`${sandbox.url}/v2/sites/${sandbox.siteId}/assets`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ fileName, fileHash: md5Hex(bytes) }),
  });
  const upload = (await created.json()) as { id: string; uploadUrl: string; uploadDetails: Record<string, string> };
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.uploadDetails)) {
    form.append(name, value);
  }
  form.append('file', new Blob([bytes], { type: 'image/png' }), fileName);
  const stored = await fetch(upload.uploadUrl, { method: 'POST', body: form });
  if (stored.status !== 201) {
    throw new Error(`seeding ${fileName} failed: upload answered ${stored.status}`);
  }
  return upload.id;
}

/** Every check of a run that failed, across its scenarios and steps. */
export function failedChecks(report: RunReport) {
  return report.scenarios.flatMap((s) => s.steps.flatMap((step) => step.checks.filter((c) => !c.passed)));
}

/** Runs only the webflow-assets scenarios named (the others are skipped by a rule) against a sandbox. */
export function runScenarios(sandbox: Sandbox, names: string[], options: Partial<RunOptions> = {}): Promise<RunReport> {
  const others = webflowAssets.scenarios.map((s) => s.name).filter((name) => !names.includes(name));
  return runSuite({
    module: webflowAssets,
    baseUrl: sandbox.url,
    token: sandbox.token,
    readOnlyToken: sandbox.readOnlyToken,
    vars: { siteId: sandbox.siteId, localeId: SECONDARY_LOCALE },
    rateLimit: null,
    timeoutMs: 5_000,
    skip: [{ reason: 'not under test here', tests: others }],
    ...options,
  });
}

/**
 * The global fetch, with the JSON body of each answer to a request `picks` rewritten by `change`
 * (status and headers kept): a server that differs from the sandbox in one way, for what the
 * sandbox's faults cannot cause.
 */
export function rewritingBodies(
  picks: (url: URL, method: string) => boolean,
  change: (body: Record<string, unknown>) => unknown,
): FetchLike {
  return async function fetchRewriting(input, init) {
    const res = await fetch(input, init);
    if (!picks(new URL(input), init?.method ?? 'GET') || res.status === 204) {
      return res;
    }
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    const body = change((await res.json()) as Record<string, unknown>);
    return new Response(JSON.stringify(body), { status: res.status, headers });
  };
}

/**
 * A fetch that answers as the server did, with one header's value replaced wherever the server
 * sent it (`X-RateLimit-Limit: 30, 60`): a server that differs from the sandbox in one header.
 */
export function rewritingHeader(name: string, value: string): FetchLike {
  return async function fetchRewritingHeader(input, init) {
    const res = await fetch(input, init);
    if (!res.headers.has(name)) {
      return res;
    }
    const headers = new Headers(res.headers);
    headers.set(name, value);
    return new Response(res.status === 204 ? null : await res.arrayBuffer(), { status: res.status, headers });
  };
}
