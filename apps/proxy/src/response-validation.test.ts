import { DRIFT_KINDS, type DriftKind, driftExpectation } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../test/harness.js';

/** Every drift kind that is a violation outside strict mode, on get-asset or list-assets. */
function cases(strictOnly: boolean): [DriftKind, string][] {
  return (Object.keys(DRIFT_KINDS) as DriftKind[]).flatMap((kind) =>
    ['get-asset-folder', 'list-assets']
      .filter((op) => driftExpectation(kind, op)?.strictOnly === strictOnly)
      .map((op) => [kind, op] as [DriftKind, string]),
  );
}

async function folderId(stack: Stack): Promise<string> {
  const res = await stack.call(`/v2/sites/${stack.sandbox.siteId}/asset_folders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"displayName":"drift"}',
  });
  return ((await res.json()) as { id: string }).id;
}

const pathFor = (stack: Stack, folder: string, op: string) =>
  op === 'list-assets' ? `/v2/sites/${stack.sandbox.siteId}/assets` : `/v2/asset_folders/${folder}`;

describe('response validation: enforce (the default)', () => {
  let stack: Stack;
  let folder: string;
  beforeAll(async () => {
    stack = await startStack();
    folder = await folderId(stack);
  });
  afterAll(() => stack.close());

  it.each(cases(false))('turns %s drift on %s into a 502 listing the violation', async (kind, op) => {
    stack.sandbox.setFaults({ operations: [op], drift: { kind } });
    const res = await stack.call(pathFor(stack, folder, op));
    stack.sandbox.setFaults(null);
    const expected = driftExpectation(kind, op);
    expect(res.status).toBe(502);
    const body = await res.json();
    expect(body).toMatchObject({
      code: 'response_validation_failed',
      message: expect.stringContaining(res.headers.get('x-request-id') ?? '?'),
    });
    expect(body.details).toContainEqual(
      expect.objectContaining({ location: expected?.location, pointer: expected?.pointer }),
    );
  });

  it('passes a drift that is only an undocumented property (a new Webflow field is not an outage)', async () => {
    stack.sandbox.setFaults({ operations: ['get-asset-folder'], drift: { kind: 'extra-property' } });
    const res = await stack.call(pathFor(stack, folder, 'get-asset-folder'));
    stack.sandbox.setFaults(null);
    expect(res.status).toBe(200);
  });

  it('counts violations by operation, direction and location in /metrics', async () => {
    const metrics = await (await stack.call('/metrics', { key: null })).text();
    expect(metrics).toMatch(
      /assetkit_proxy_validation_failures_total\{operation="list-assets",direction="response",location="response.body"\} [1-9]/,
    );
  });
});

describe('response validation: report', () => {
  let stack: Stack;
  let folder: string;
  beforeAll(async () => {
    stack = await startStack({ RESPONSE_VALIDATION: 'report', STRICT_RESPONSES: 'true' });
    folder = await folderId(stack);
  });
  afterAll(() => stack.close());

  it.each([...cases(false), ...cases(true)])(
    'forwards %s drift on %s with X-Assetkit-Violations and logs it',
    async (kind, op) => {
      stack.sandbox.setFaults({ operations: [op], drift: { kind } });
      const before = stack.proxy.logs.length;
      const res = await stack.call(pathFor(stack, folder, op));
      stack.sandbox.setFaults(null);
      expect(res.status).not.toBe(502);
      expect(Number(res.headers.get('x-assetkit-violations'))).toBeGreaterThanOrEqual(1);
      const warning = stack.proxy.logs
        .slice(before)
        .map((l) => JSON.parse(l))
        .find((l) => l.msg === 'upstream response breaks the contract');
      expect(warning?.violations).toContainEqual(
        expect.objectContaining({ pointer: driftExpectation(kind, op)?.pointer }),
      );
    },
  );

  it('adds no violations header to a conforming response', async () => {
    const res = await stack.call(pathFor(stack, folder, 'get-asset-folder'));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-assetkit-violations')).toBeNull();
  });
});

describe('response validation: off', () => {
  it('forwards a drifted response untouched', async () => {
    const stack = await startStack({ RESPONSE_VALIDATION: 'off' });
    try {
      const folder = await folderId(stack);
      stack.sandbox.setFaults({ drift: { kind: 'height-as-string' } });
      const res = await stack.call(`/v2/asset_folders/${folder}`);
      stack.sandbox.setFaults({ drift: { kind: 'missing-id' } });
      const missing = await stack.call(`/v2/asset_folders/${folder}`);
      expect([res.status, missing.status]).toEqual([200, 200]);
      expect(await missing.json()).not.toHaveProperty('id');
      expect(missing.headers.get('x-assetkit-violations')).toBeNull();
    } finally {
      await stack.close();
    }
  });
});

describe('response validation: report, checking a sample of bodies (RESPONSE_VALIDATION_SAMPLE)', () => {
  const drifted = async (stack: Stack, folder: string, kind: DriftKind, op: string) => {
    stack.sandbox.setFaults({ operations: [op], drift: { kind } });
    const before = stack.proxy.logs.length;
    const res = await stack.call(pathFor(stack, folder, op));
    stack.sandbox.setFaults(null);
    const line = stack.proxy.logs
      .slice(before)
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === 'request');
    return { status: res.status, violations: res.headers.get('x-assetkit-violations'), line };
  };
  const unchecked = async (stack: Stack, op: string) => {
    const metrics = await (await stack.call('/metrics', { key: null })).text();
    const found = new RegExp(`assetkit_proxy_response_bodies_unchecked_total\\{operation="${op}"\\} (\\d+)`).exec(
      metrics,
    );
    return Number(found?.[1] ?? 0);
  };

  describe('with a sample of 0', () => {
    let stack: Stack;
    let folder: string;
    beforeAll(async () => {
      stack = await startStack({ RESPONSE_VALIDATION: 'report', RESPONSE_VALIDATION_SAMPLE: '0' });
      folder = await folderId(stack);
    });
    afterAll(() => stack.close());

    const byPlace = (inBody: boolean) =>
      cases(false).filter(([kind, op]) => (driftExpectation(kind, op)?.location === 'response.body') === inBody);

    it.each(byPlace(true))(
      'leaves %s drift on %s in the body unparsed, and says so in the log line',
      async (kind, op) => {
        const before = await unchecked(stack, op);
        const answer = await drifted(stack, folder, kind, op);
        expect(answer).toMatchObject({ status: 200, violations: null });
        expect(answer.line).toMatchObject({ operation: op, responseBodyChecked: false, responseViolations: 0 });
        expect(await unchecked(stack, op)).toBe(before + 1);
      },
    );

    it.each(byPlace(false))('still catches %s drift on %s (status, headers and content type)', async (kind, op) => {
      const answer = await drifted(stack, folder, kind, op);
      expect(Number(answer.violations)).toBeGreaterThanOrEqual(1);
      expect(answer.line?.responseViolations).toBeGreaterThanOrEqual(1);
    });
  });

  it('with a sample of 0.5, checks about half of the bodies, and counts the others', async () => {
    const stack = await startStack({ RESPONSE_VALIDATION: 'report', RESPONSE_VALIDATION_SAMPLE: '50%' });
    try {
      const folder = await folderId(stack);
      stack.sandbox.setFaults({ operations: ['get-asset-folder'], drift: { kind: 'missing-id' } });
      const flagged: boolean[] = [];
      for (let i = 0; i < 100; i++) {
        const res = await stack.call(`/v2/asset_folders/${folder}`);
        await res.arrayBuffer();
        flagged.push(res.headers.get('x-assetkit-violations') !== null);
      }
      const checked = flagged.filter(Boolean).length;
      // Binomial(100, 0.5): outside 20–80 about once in 10^9 runs.
      expect(checked).toBeGreaterThanOrEqual(20);
      expect(checked).toBeLessThanOrEqual(80);
      expect(await unchecked(stack, 'get-asset-folder')).toBe(100 - checked);
    } finally {
      await stack.close();
    }
  });
});
