import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, contract, createAndUpload, makePng, startTestSandbox } from '../../test/helpers.js';
import type { Sandbox } from '../start-sandbox.js';
import { driftExpectation } from './drift.js';
import { DRIFT_KIND_NAMES, DRIFT_KINDS, type DriftKind } from './drift-kinds.js';

const HASH = 'd41d8cd98f00b204e9800998ecf8427e';
// Lists first, so they are still empty: the drift must then inject a synthetic item.
const OPERATIONS = [
  'list-assets',
  'list-asset-folders',
  'create-asset',
  'get-asset',
  'patch-asset',
  'delete-asset',
  'create-asset-folder',
  'get-asset-folder',
] as const;

/** The request each operation is exercised with; assets are created without upload (no variants). */
async function requestFor(sandbox: Sandbox, op: string): Promise<{ method: string; path: string; body?: unknown }> {
  const api = apiClient(sandbox);
  const site = `/v2/sites/${sandbox.siteId}`;
  const asset = async () =>
    (await api.call('POST', `${site}/assets`, { json: { fileName: 'd.png', fileHash: HASH } })).body.id;
  const folder = async () => (await api.call('POST', `${site}/asset_folders`, { json: { displayName: 'd' } })).body.id;
  switch (op) {
    case 'list-assets':
      return { method: 'GET', path: `${site}/assets` };
    case 'list-asset-folders':
      return { method: 'GET', path: `${site}/asset_folders` };
    case 'create-asset':
      return { method: 'POST', path: `${site}/assets`, body: { fileName: 'd.png', fileHash: HASH } };
    case 'get-asset':
      return { method: 'GET', path: `/v2/assets/${await asset()}` };
    case 'patch-asset':
      return { method: 'PATCH', path: `/v2/assets/${await asset()}`, body: { displayName: 'renamed' } };
    case 'delete-asset':
      return { method: 'DELETE', path: `/v2/assets/${await asset()}` };
    case 'create-asset-folder':
      return { method: 'POST', path: `${site}/asset_folders`, body: { displayName: 'f' } };
    default:
      return { method: 'GET', path: `/v2/asset_folders/${await folder()}` };
  }
}

async function send(sandbox: Sandbox, op: string, request: { method: string; path: string; body?: unknown }) {
  const res = await fetch(`${sandbox.url}${request.path}`, {
    method: request.method,
    headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  const input = { operationId: op, status: res.status, headers: res.headers, rawBody: await res.text() };
  return { lax: contract.validateResponse(input), strict: contract.validateResponse({ ...input, strict: true }) };
}

function allowedPointers(kind: DriftKind, pointer: string): string[] {
  return kind === 'missing-rate-limit-headers' ? [pointer, '/x-ratelimit-remaining'] : [pointer];
}

describe.each(DRIFT_KIND_NAMES)('drift %s', (kind) => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  it.each(OPERATIONS)(
    'on %s causes exactly the promised violation (or leaves it valid if it does not apply)',
    async (op) => {
      const request = await requestFor(sandbox, op);
      const expected = driftExpectation(kind, op);
      sandbox.setFaults({ operations: [op], drift: { kind, count: 1 } });
      const { lax, strict } = await send(sandbox, op, request);
      sandbox.setFaults(null);
      if (!expected) {
        expect(strict.violations).toEqual([]);
        return;
      }
      expect(expected.strictOnly).toBe(DRIFT_KINDS[kind].strictOnly);
      if (expected.strictOnly) {
        expect(lax.violations).toEqual([]);
      }
      const violations = expected.strictOnly ? strict.violations : lax.violations;
      expect(violations).toContainEqual(
        expect.objectContaining({ location: expected.location, pointer: expected.pointer }),
      );
      for (const violation of violations) {
        expect(violation.location).toBe(expected.location);
        expect(allowedPointers(kind, expected.pointer)).toContain(violation.pointer);
      }
    },
  );

  it('is used up by `count`: the next response is valid in strict mode', async () => {
    sandbox.setFaults({ drift: { kind, count: 1 } });
    await send(sandbox, 'list-assets', await requestFor(sandbox, 'list-assets'));
    const after = await send(sandbox, 'list-assets', await requestFor(sandbox, 'list-assets'));
    sandbox.setFaults(null);
    expect(after.strict.violations).toEqual([]);
  });
});

describe('drift on real data', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  it('turns the real first variant height into a string on a populated list', async () => {
    await createAndUpload(apiClient(sandbox), sandbox.siteId, 'real.png', await makePng(700, 350));
    sandbox.setFaults({ drift: { kind: 'height-as-string' } });
    const res = await fetch(`${sandbox.url}/v2/sites/${sandbox.siteId}/assets`, {
      headers: { authorization: `Bearer ${sandbox.token}` },
    });
    const body = await res.json();
    expect(body.assets).toHaveLength(1);
    expect(body.assets[0].variants[0].height).toBe('250');
  });

  it('does not apply to error responses and keeps its count for a successful one', async () => {
    sandbox.setFaults({ operations: ['get-asset'], drift: { kind: 'missing-id', count: 1 } });
    const missing = await fetch(`${sandbox.url}/v2/assets/${'0'.repeat(24)}`, {
      headers: { authorization: `Bearer ${sandbox.token}` },
    });
    expect(missing.status).toBe(404);
    expect(sandbox.config.faults).toBeNull();
    const res = await fetch(`${sandbox.url}/_sandbox/faults`, {
      headers: { authorization: `Bearer ${sandbox.adminToken}` },
    });
    expect((await res.json()).drift.count).toBe(1);
  });
});

describe('driftExpectation', () => {
  it('describes every kind for every operation it applies to, and nothing for an unknown operation', () => {
    expect(driftExpectation('height-as-string', 'list-assets')).toEqual({
      location: 'response.body',
      pointer: '/assets/0/variants/0/height',
      strictOnly: false,
    });
    expect(driftExpectation('height-as-string', 'list-asset-folders')).toBeUndefined();
    expect(driftExpectation('missing-id', 'delete-asset')).toBeUndefined();
    expect(driftExpectation('undocumented-status', 'delete-asset')).toEqual({
      location: 'response.status',
      pointer: '',
      strictOnly: false,
    });
    for (const kind of DRIFT_KIND_NAMES) {
      expect(driftExpectation(kind, 'no-such-operation')).toBeUndefined();
      expect(DRIFT_KINDS[kind].description.length).toBeGreaterThan(10);
    }
  });
});
