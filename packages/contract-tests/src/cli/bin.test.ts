import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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

/**
 * Runs the bin as a user's shell would: a separate Node process on `src/cli.ts` (through tsx).
 * `stallWritesIn` loads `test/stalling-report-writes.ts`: writes of files in that directory stall halfway.
 */
function spawnCli(argv: string[], { stallWritesIn }: { stallWritesIn?: string } = {}) {
  const preload = stallWritesIn === undefined ? [] : ['--import', './test/stalling-report-writes.ts'];
  const child = spawn(process.execPath, ['--import', 'tsx', ...preload, 'src/cli.ts', ...argv], {
    cwd: packageDir,
    env: stallWritesIn === undefined ? process.env : { ...process.env, ASSETKIT_TEST_STALL_DIR: stallWritesIn },
  });
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

  /** The CLI against the slow sandbox, once its run has created an asset (something to clean up). */
  async function midRun(argv: string[], options?: { stallWritesIn?: string }) {
    slow.setFaults({ latencyMs: 150 });
    slow.requests.clear();
    const run = spawnCli(sandboxArgs(slow, ...argv), options);
    const created = () => slow.requests.entries().some((r) => r.operationId === 'create-asset' && r.status === 200);
    await until(created, 'the run to create an asset');
    return run;
  }

  /** Ctrl-C, then `next` once the CLI has printed `seen` (signals do not queue: the first must be taken). */
  async function interrupt(child: ChildProcess, seen: string, next: NodeJS.Signals): Promise<void> {
    const taken = new Promise<void>((resolve) => {
      child.stderr?.on('data', (chunk: Buffer) => String(chunk).includes(seen) && resolve());
    });
    child.kill('SIGINT');
    await taken;
    child.kill(next);
  }

  it('stops, deletes every asset it created, reports, and exits 130', async () => {
    const json = join(dir, 'interrupted.json');
    const { child, exited } = await midRun(['--json', json]);
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

  // Found in review: the reports of an earlier run stayed, and a CI job publishing them after the
  // cancelled one showed them as this run's.
  it("on a second Ctrl-C exits at once, naming the run whose leftovers may remain, and removes an earlier run's reports", async () => {
    const json = join(dir, 'earlier.json');
    const junit = join(dir, 'earlier.xml');
    await writeFile(json, '{"earlier":true}');
    await writeFile(junit, '<testsuites name="earlier"/>');
    const { child, exited } = await midRun(['--json', json, '--junit', junit]);
    await interrupt(child, 'SIGINT: stopping', 'SIGINT');
    const { code, stderr } = await exited;
    expect(code).toBe(EXIT.sigint);
    const runId = /, run ([0-9a-f]{8})\n/.exec(stderr)?.[1];
    expect(runId).toBeDefined();
    expect(stderr).toContain(`SIGINT again: exiting without finishing cleanup; what run ${runId} created may be left`);
    expect(stderr).toContain(`no report written: removed ${json} and ${junit}, an earlier run's`);
    expect(existsSync(json)).toBe(false);
    expect(existsSync(junit)).toBe(false);
    slow.setFaults(null);
    const left = await conformanceAssets(slow);
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((name) => name.includes(runId as string))).toBe(true);
  });

  // Found in review: the report was written in place, so an exit in the middle of it left half a
  // JSON or JUnit file for CI to choke on.
  it('on a second Ctrl-C while a report is being written, leaves no half-written report behind', async () => {
    const reports = await mkdtemp(join(dir, 'stalled-'));
    const { child, exited } = await midRun(['--json', join(reports, 'run.json')], { stallWritesIn: reports });
    await interrupt(child, 'stalled writing', 'SIGINT');
    const { code } = await exited;
    expect(code).toBe(EXIT.sigint);
    expect(await readdir(reports)).toEqual([]);
  });

  it('leaves a report whole even when killed while writing it (the earlier one, here)', async () => {
    const reports = await mkdtemp(join(dir, 'killed-'));
    const json = join(reports, 'run.json');
    await writeFile(json, '{"earlier":true}');
    const { child, exited } = await midRun(['--json', json], { stallWritesIn: reports });
    await interrupt(child, 'stalled writing', 'SIGKILL');
    await exited;
    expect(JSON.parse(await readFile(json, 'utf8'))).toEqual({ earlier: true });
  });
});
