import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_TOKEN, KEYS, OTHER_SITE, type Stack, startStack } from '../test/harness.js';

describe('the upstream token', () => {
  let stack: Stack;
  const seen: string[] = [];
  beforeAll(async () => {
    stack = await startStack({
      LOG_LEVEL: 'trace',
      RESPONSE_VALIDATION: 'report',
      STRICT_RESPONSES: 'true',
      UPSTREAM_HEADERS_TIMEOUT_MS: '200',
    });
  });
  afterAll(() => stack.close());

  async function record(path: string, init: RequestInit & { key?: string | null } = {}): Promise<void> {
    const res = await stack.call(path, init);
    seen.push(JSON.stringify([...res.headers.entries()]), await res.text());
  }

  it('never appears in an answer, a log line or a metric, whatever happens', async () => {
    const site = stack.sandbox.siteId;
    const json = { 'content-type': 'application/json' };
    await record(`/v2/sites/${site}/assets`);
    await record(`/v2/sites/${site}/assets`, { key: null });
    await record(`/v2/sites/${site}/assets`, { key: CANARY_TOKEN });
    await record(`/v2/sites/${site}/assets?limit=0`);
    await record(`/v2/sites/${OTHER_SITE}/assets`, { key: KEYS.siteBound });
    await record(`/v2/sites/${site}/asset_folders`, {
      method: 'POST',
      headers: json,
      body: '{"displayName":"canary"}',
    });
    await record(`/v2/sites/${site}/asset_folders`, { method: 'POST', headers: json, body: '{bad json' });
    for (const kind of [
      'height-as-string',
      'missing-id',
      'extra-property',
      'wrong-content-type',
      'undocumented-status',
    ] as const) {
      stack.sandbox.setFaults({ drift: { kind, count: 1 } });
      await record(`/v2/sites/${site}/assets`);
    }
    stack.sandbox.setFaults({ drop: { count: 1 } });
    await record(`/v2/sites/${site}/assets`);
    stack.sandbox.setFaults({ latencyMs: 1_000 });
    await record(`/v2/sites/${site}/assets`);
    stack.sandbox.setFaults({ error: { status: 500, count: 1 } });
    await record(`/v2/sites/${site}/assets`);
    stack.sandbox.setFaults(null);
    await record('/metrics', { key: null });
    await record('/readyz', { key: null });

    expect(seen.length).toBeGreaterThan(30);
    expect(stack.proxy.logs.length).toBeGreaterThan(15);
    const leaks = [...seen, ...stack.proxy.logs].filter((text) => text.includes(CANARY_TOKEN));
    expect(leaks).toEqual([]);
    // The token did go upstream: the canary is live, so the search above could have found it.
    expect(stack.sandbox.requests.entries().some((r) => r.headers.authorization === `Bearer ${CANARY_TOKEN}`)).toBe(
      true,
    );
  });
});
