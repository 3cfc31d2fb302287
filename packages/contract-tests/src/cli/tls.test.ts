import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers.js';
import type { JsonReport } from '../report/json-report.js';
import { EXIT } from './main.js';

const SITE = '65f0a1b2c3d4e5f6a7b8c9d0';
const packageDir = fileURLToPath(new URL('../..', import.meta.url));

let dir: string;
let certFile: string;
let server: Server;
let port: number;
/** TCP connections the server accepted: one per request the CLI sent (each handshake fails). */
let connections = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assetkit-tls-'));
  certFile = join(dir, 'c.pem');
  // A self-signed certificate for the name localhost only (not 127.0.0.1).
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1'],
      ...['-addext', 'subjectAltName=DNS:localhost', '-keyout', join(dir, 'k.pem'), '-out', certFile],
    ],
    { stdio: 'ignore' },
  );
  server = createServer(
    { key: await readFile(join(dir, 'k.pem')), cert: await readFile(certFile) },
    // Whoever gets through the handshake is refused: the probe then stops the run at once.
    (_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"code":"not_authorized","message":"Request not authorized"}');
    },
  );
  server.on('connection', () => connections++);
  // No host: both 127.0.0.1 and ::1, whichever `localhost` resolves to.
  await new Promise<void>((resolve) => server.listen(0, resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const open of [server, ...others]) {
    open.closeAllConnections();
    await new Promise((resolve) => open.close(resolve));
  }
  await rm(dir, { recursive: true, force: true });
});

const others: Server[] = [];

/** An https server on a free port whose certificate `cert` is signed by a CA of its own (`ca.pem`), valid for `days`. */
async function caSignedServer(name: string, days: number): Promise<{ port: number; connections: () => number }> {
  const file = (f: string) => join(dir, f);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore', cwd: dir });
  if (!existsSync(file('ca.pem'))) {
    openssl(
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=assetkit test CA', '-days', '1'],
      ...['-keyout', 'ca.key', '-out', 'ca.pem'],
    );
    writeFileSync(file('ext'), 'subjectAltName=DNS:localhost\n');
  }
  openssl(
    ...[
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
    ],
  );
  // A negative -days makes a certificate whose validity ended before it began: expired.
  openssl(
    ...['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial'],
    ...['-days', String(days), '-extfile', 'ext', '-out', `${name}.pem`],
  );
  let count = 0;
  const https = createServer(
    { key: readFileSync(file(`${name}.key`)), cert: readFileSync(file(`${name}.pem`)) },
    (_req, res) => {
      res.writeHead(401).end();
    },
  );
  https.on('connection', () => count++);
  others.push(https);
  await new Promise<void>((resolve) => https.listen(0, resolve));
  return { port: (https.address() as { port: number }).port, connections: () => count };
}

/** The CLI as its own Node process, for what Node reads only at start (NODE_EXTRA_CA_CERTS). */
function spawnCli(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...argv], {
    cwd: packageDir,
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

// Found in review: a certificate this machine does not trust read as a dropped connection: the
// first request was sent twice and the run said the target was "unreachable".
describe('assetkit-conformance against a server whose TLS certificate is not trusted', () => {
  it('says what is wrong with the certificate, sends the first request once, and exits 2', async () => {
    const json = join(dir, 'self-signed.json');
    const before = connections;
    const base = `https://localhost:${port}`;
    const { code, stderr } = await runCli(['--base-url', base, '--token', 't', '--site-id', SITE, '--json', json]);
    expect(code).toBe(EXIT.usage);
    expect(connections - before).toBe(1);
    expect(stderr).not.toContain('unreachable');
    expect(stderr).not.toContain('once more');
    expect(stderr).toContain(
      `assetkit-conformance: the TLS certificate of ${base}/v2 is not trusted: it is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)`,
    );
    expect(stderr).toContain('NODE_EXTRA_CA_CERTS');
    const report = JSON.parse(await readFile(json, 'utf8')) as JsonReport;
    expect(report).toMatchObject({ exitCode: EXIT.usage, error: expect.stringContaining('self-signed') });
    expect(report.scenarios[0]?.steps[0]?.checks.map((c) => c.check)).toEqual(['transport']);
  });

  it('trusts the certificate given in NODE_EXTRA_CA_CERTS, as the message says', async () => {
    const { code, stderr } = await spawnCli(
      ['--base-url', `https://localhost:${port}`, '--token', 't', '--site-id', SITE],
      { NODE_EXTRA_CA_CERTS: certFile },
    );
    // Past the handshake: the server's 401 is what stops the run.
    expect(stderr).toContain('check --token');
    expect(code).toBe(EXIT.usage);
  });

  it('names a host name the certificate is not for, once trusted', async () => {
    const before = connections;
    const base = `https://127.0.0.1:${port}`;
    const { code, stderr } = await spawnCli(['--base-url', base, '--token', 't', '--site-id', SITE], {
      NODE_EXTRA_CA_CERTS: certFile,
    });
    expect(code).toBe(EXIT.usage);
    expect(connections - before).toBe(1);
    expect(stderr).toContain(
      `the TLS certificate of ${base}/v2 is not valid for this host name (ERR_TLS_CERT_ALTNAME_INVALID)`,
    );
    expect(stderr).not.toContain('unreachable');
  });

  it('names a CA this machine does not know', async () => {
    const signed = await caSignedServer('leaf', 1);
    const base = `https://localhost:${signed.port}`;
    const { code, stderr } = await runCli(['--base-url', base, '--token', 't', '--site-id', SITE]);
    expect(code).toBe(EXIT.usage);
    expect(signed.connections()).toBe(1);
    expect(stderr).toContain(
      `the TLS certificate of ${base}/v2 is not trusted: it is signed by a CA this machine does not know (or the server does not send its intermediate certificates) (UNABLE_TO_VERIFY_LEAF_SIGNATURE)`,
    );
    expect(stderr).toContain('NODE_EXTRA_CA_CERTS');
  });

  it('names an expired certificate, and does not advise trusting it', async () => {
    const expired = await caSignedServer('expired', -1);
    const base = `https://localhost:${expired.port}`;
    const { code, stderr } = await spawnCli(['--base-url', base, '--token', 't', '--site-id', SITE], {
      NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
    });
    expect(code).toBe(EXIT.usage);
    expect(expired.connections()).toBe(1);
    expect(stderr).toContain(`the TLS certificate of ${base}/v2 has expired (CERT_HAS_EXPIRED)`);
    expect(stderr).toContain("The server's certificate must be renewed");
    expect(stderr).not.toContain('NODE_EXTRA_CA_CERTS');
  });
});

// Found in review: an https:// URL for a plain-HTTP port was sent twice and said "unreachable",
// with OpenSSL's internals as the only reason.
describe('assetkit-conformance with an https:// URL for a server speaking plain HTTP', () => {
  it('says the server did not answer in TLS (no "unreachable"), sends the first request once, and exits 2', async () => {
    let count = 0;
    const plain = createHttpServer((_req, res) => res.writeHead(401).end());
    plain.on('connection', () => count++);
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const base = `https://127.0.0.1:${(plain.address() as { port: number }).port}`;
    try {
      const { code, stderr } = await runCli(['--base-url', base, '--token', 't', '--site-id', SITE]);
      expect(code).toBe(EXIT.usage);
      expect(count).toBe(1);
      expect(stderr).toContain(
        `assetkit-conformance: ${base}/v2 answered the TLS handshake with something other than TLS (ERR_SSL_WRONG_VERSION_NUMBER)`,
      );
      expect(stderr).toContain('use http:// in --base-url');
      expect(stderr).toContain('failed: fetch failed: wrong version number (ERR_SSL_WRONG_VERSION_NUMBER))');
      expect(stderr).not.toContain('unreachable');
    } finally {
      plain.closeAllConnections();
      await new Promise((resolve) => plain.close(resolve));
    }
  });
});
