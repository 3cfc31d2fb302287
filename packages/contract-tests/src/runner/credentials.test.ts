import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sandboxArgs, startTestSandbox } from '../../test/helpers.js';
import { EXIT } from '../report/exit-code.js';
import { webflowAssets } from '../scenarios/webflow-assets/index.js';
import { runSuite } from './run-suite.js';

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  dir = await mkdtemp(join(tmpdir(), 'assetkit-credentials-'));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

/** Tokens no Authorization header can carry: a token file's newline (LF, CRLF), a NUL, a character past Latin-1. */
const UNSENDABLE = [
  ['a newline', 'secret-token-1\n', 'a line break or another control character'],
  ['a carriage return', 'secret-token-1\r', 'a line break or another control character'],
  ['a NUL', 'secret\u0000token', 'a line break or another control character'],
  ['a euro sign', 'secret-token-€', 'a character past Latin-1 ("€")'],
] as const;

// Found in review: `--token "$(cat token.txt)"` from a file with Windows line ends (or any token
// with a line break) was sent anyway: the run stopped with "http://…/v2 is unreachable", which it
// was not, and printed the whole token into the CI log and the --json report (undici's message
// quotes the header value).
describe('a token no HTTP header can carry', () => {
  it.each(UNSENDABLE)(
    'in --token or --token-read-only (%s) is a usage error, before anything is sent',
    async (_, token, problem) => {
      for (const flag of ['--token', '--token-read-only']) {
        sandbox.requests.clear();
        const json = join(dir, 'report.json');
        const args = sandboxArgs(sandbox, '--json', json);
        args[args.indexOf(flag) + 1] = token;
        const { code, stderr } = await runCli(args);
        expect(code).toBe(EXIT.usage);
        expect(stderr).toContain(`${flag} holds ${problem}, which an Authorization header cannot carry`);
        expect(stderr).not.toContain('secret');
        expect(sandbox.requests.entries()).toEqual([]);
        expect(existsSync(json)).toBe(false);
      }
    },
  );

  it.each(UNSENDABLE)('in runSuite (%s) is a TypeError, before anything is sent', async (_, token, problem) => {
    sandbox.requests.clear();
    const options = { module: webflowAssets, baseUrl: sandbox.url, vars: { siteId: sandbox.siteId } };
    for (const [option, given] of [
      ['token', { token }],
      ['readOnlyToken', { token: sandbox.token, readOnlyToken: token }],
    ] as const) {
      const refusal = runSuite({ ...options, ...given });
      await expect(refusal).rejects.toThrow(TypeError);
      await expect(refusal).rejects.toThrow(`runSuite: ${option} holds ${problem}`);
      await expect(refusal).rejects.not.toThrow('secret');
    }
    expect(sandbox.requests.entries()).toEqual([]);
  });
});
