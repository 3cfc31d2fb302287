import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sandbox } from '@assetkit/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { conformanceAssets, sandboxArgs, startTestSandbox } from '../../test/helpers.js';
import type { JsonReport } from '../report/json-report.js';
import { EXIT } from './main.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const children: ChildProcess[] = [];
let dir: string;

/** Runs the bin as a user's shell would: a separate Node process on `src/cli.ts` (through tsx). */
function spawnCli(argv: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...argv], { cwd: packageDir });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, exited };
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assetkit-bin-'));
});
afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the assetkit-conformance bin', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  it('runs as its own process and exits 0 against a conforming server', async () => {
    const { exited } = spawnCli(sandboxArgs(sandbox));
    const { code, stdout, stderr } = await exited;
    expect(stderr).toContain('rate limit unlimited (loopback)');
    expect(stdout).toMatch(/\d+ checks: \d+ passed, 0 failed/);
    expect(code).toBe(EXIT.ok);
  });

  it('exits 2 with a message for a usage error', async () => {
    const { exited } = spawnCli(['--base-url', sandbox.url]);
    const { code, stderr } = await exited;
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain('--token is required');
  });
});

describe('Ctrl-C during a run', () => {
  let slow: Sandbox;
  beforeAll(async () => {
    slow = await startTestSandbox({ faults: { latencyMs: 150 } });
  });
  afterAll(() => slow.close());

  it('stops, deletes every asset it created, reports, and exits 130', async () => {
    const json = join(dir, 'interrupted.json');
    const { child, exited } = spawnCli(sandboxArgs(slow, '--json', json));
    const created = () => slow.requests.entries().some((r) => r.operationId === 'create-asset' && r.status === 200);
    await until(created, 'the run to create an asset');
    child.kill('SIGINT');
    const { code, stderr } = await exited;
    expect(stderr).toContain('SIGINT: stopping after the requests in flight, then cleaning up');
    expect(code).toBe(EXIT.sigint);
    slow.setFaults(null);
    expect(await conformanceAssets(slow)).toEqual([]);
    const report = JSON.parse(await readFile(json, 'utf8')) as JsonReport;
    expect(report.interrupted).toBe(true);
    expect(report.exitCode).toBe(EXIT.sigint);
    expect(report.cleanup.removed.filter((r) => r.kind === 'asset').length).toBeGreaterThan(0);
  });

  it('on a second Ctrl-C exits at once, naming the run whose leftovers may remain', async () => {
    slow.setFaults({ latencyMs: 150 });
    slow.requests.clear();
    const { child, exited } = spawnCli(sandboxArgs(slow));
    const created = () => slow.requests.entries().some((r) => r.operationId === 'create-asset' && r.status === 200);
    await until(created, 'the run to create an asset');
    // Signals do not queue: the second is sent once the first has been taken.
    const stopping = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => String(chunk).includes('SIGINT: stopping') && resolve());
    });
    child.kill('SIGINT');
    await stopping;
    child.kill('SIGINT');
    const { code, stderr } = await exited;
    expect(code).toBe(EXIT.sigint);
    const runId = /, run ([0-9a-f]{8})\n/.exec(stderr)?.[1];
    expect(runId).toBeDefined();
    expect(stderr).toContain(`SIGINT again: exiting without finishing cleanup; what run ${runId} created may be left`);
    slow.setFaults(null);
    const left = await conformanceAssets(slow);
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((name) => name.includes(runId as string))).toBe(true);
  });
});
