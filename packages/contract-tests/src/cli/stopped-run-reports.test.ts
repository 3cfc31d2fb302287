import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '@assetkit/sandbox';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, runCli, sandboxArgs, startTestSandbox } from '../../test/helpers.js';
import type { JsonReport } from '../report/json-report.js';
import { EXIT } from './main.js';

let sandbox: Sandbox;
let dir: string;
/** The reports of a passing run, copied over each test's report paths first. */
const green = { json: '', junit: '' };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['testsuite', 'testcase'].includes(name),
});

beforeAll(async () => {
  sandbox = await startTestSandbox();
  dir = await mkdtemp(join(tmpdir(), 'assetkit-stopped-'));
  green.json = join(dir, 'green.json');
  green.junit = join(dir, 'green.xml');
  const { code } = await runCli(sandboxArgs(sandbox, '--json', green.json, '--junit', green.junit));
  expect(code).toBe(EXIT.ok);
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

/** Report paths that hold a passing run's reports, as a CI workspace does after a green build. */
async function staleReports(name: string): Promise<{ json: string; junit: string }> {
  const paths = { json: join(dir, `${name}.json`), junit: join(dir, `${name}.xml`) };
  await copyFile(green.json, paths.json);
  await copyFile(green.junit, paths.junit);
  return paths;
}

// Found in review: after a green run, a run that could not start left the green reports in place,
// and a CI job publishing the JUnit file showed the previous run as this one.
describe('a run that stops at its first request (exit 2)', () => {
  it.each([
    {
      name: 'a token the server refuses',
      args: async () => {
        const args = sandboxArgs(sandbox);
        args[args.indexOf('--token') + 1] = 'wrong';
        return args;
      },
      says: 'the token was not accepted: check --token',
    },
    {
      name: 'a target nothing listens on',
      args: async () => [
        '--base-url',
        `http://127.0.0.1:${await closedPort()}`,
        '--token',
        't',
        '--site-id',
        sandbox.siteId,
      ],
      says: 'is unreachable',
    },
  ])('overwrites both reports with what happened, for $name', async ({ name, args, says }) => {
    const paths = await staleReports(name.replace(/\W+/g, '-'));
    const argv = [...(await args()), '--json', paths.json, '--junit', paths.junit, '--min-coverage', '100'];
    const { code, stderr } = await runCli(argv);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain(says);

    const json = JSON.parse(await readFile(paths.json, 'utf8')) as JsonReport;
    expect(json.exitCode).toBe(EXIT.usage);
    expect(json.error).toContain(says);
    expect(json.runId).toMatch(stderr.match(/run ([0-9a-f]{8})/)?.[1] ?? 'no run id printed');
    expect(json.scenarios.map((s) => s.name)).toEqual(['probe']);
    expect(json.cleanup).toEqual({ removed: [], failed: [], left: [] });

    const xml = await readFile(paths.junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const { testsuites } = parser.parse(xml);
    expect(Number(testsuites.failures)).toBeGreaterThan(0);
    const run = testsuites.testsuite.find((s: { name: string }) => s.name === 'run');
    expect(run).toMatchObject({ tests: '1', failures: '1' });
    expect(run.testcase[0].failure.message).toContain(says);
    // Coverage of a run that never started is no finding: no coverage suite to fail on it.
    expect(testsuites.testsuite.map((s: { name: string }) => s.name)).not.toContain('coverage');
  });

  it('leaves the reports untouched on a usage error, found before anything is sent', async () => {
    const paths = await staleReports('usage-error');
    const { code } = await runCli(sandboxArgs(sandbox, '--json', paths.json, '--junit', paths.junit, '--timeout', 'x'));
    expect(code).toBe(EXIT.usage);
    expect(await readFile(paths.json, 'utf8')).toBe(await readFile(green.json, 'utf8'));
    expect(await readFile(paths.junit, 'utf8')).toBe(await readFile(green.junit, 'utf8'));
  });
});
