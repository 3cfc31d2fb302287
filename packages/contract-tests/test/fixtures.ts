import { getAtPointer, getContract } from '@assetkit/contract';

const contract = getContract('webflow-assets');

/** A named example of the spec, deep-copied so tests can break it. */
export function specExample(pointer: string): Record<string, unknown> {
  const value = getAtPointer(contract.document, pointer);
  if (value === undefined) {
    throw new Error(`no example at ${pointer}`);
  }
  return structuredClone(value) as Record<string, unknown>;
}

/** A valid get-asset 200 body (the spec's own v2 example). */
export const validAsset = () =>
  specExample('/paths/~1assets~1{asset_id}/get/responses/200/content/application~1json/examples/v2/value');

/** A valid list-assets 200 body. */
export const validAssetList = () =>
  specExample(
    '/paths/~1sites~1{site_id}~1assets/get/responses/200/content/application~1json/examples/two-assets/value',
  );

/** The headers every documented response carries. */
export function rateLimitHeaders(extra: Record<string, string> = {}): Headers {
  return new Headers({
    'content-type': 'application/json; charset=utf-8',
    'x-ratelimit-limit': '60',
    'x-ratelimit-remaining': '59',
    ...extra,
  });
}

/** A small run report with one passing and one failing step, for the report formats' tests. */
export function sampleReport(): import('../src/runner/report-types.js').RunReport {
  const request = {
    method: 'GET',
    url: 'http://127.0.0.1:4010/v2/assets/65f0a1b2c3d4e5f6a7b8c9d1',
    headers: { authorization: 'Bearer <redacted>' },
  };
  const curl = `curl -X GET ${request.url} -H 'authorization: Bearer <redacted>'`;
  return {
    api: 'webflow-assets',
    baseUrl: 'http://127.0.0.1:4010/v2',
    runId: 'abcd1234',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1234,
    readOnly: false,
    strict: false,
    interrupted: false,
    scenarios: [
      {
        name: 'lifecycle',
        description: 'd',
        status: 'failed',
        steps: [
          {
            name: 'get an uploaded asset & <its> "file"',
            status: 'failed',
            durationMs: 12,
            checks: [
              {
                check: 'expected-status',
                operationId: 'get-asset',
                status: 200,
                subject: 'GET get-asset → 200',
                passed: true,
                failures: [],
                request,
                curl,
              },
              {
                check: 'body-schema',
                operationId: 'get-asset',
                status: 200,
                subject: 'GET get-asset → 200',
                passed: false,
                failures: [
                  {
                    location: 'response.body',
                    pointer: '/variants/0/height',
                    schemaPath: '#/components/schemas/AssetVariant/properties/height/type',
                    keyword: 'type',
                    message: 'must be integer or null, got string "500"',
                    expected: 'must be integer or null',
                    actual: '"500"',
                  },
                ],
                request,
                curl,
              },
            ],
          },
          {
            name: 'patch the alt text for a locale',
            status: 'skipped',
            reason: 'pass --locale-id',
            durationMs: 0,
            checks: [],
          },
        ],
      },
    ],
    coverage: {
      operations: ['get-asset', 'delete-asset'],
      statuses: ['200', '204', '500'],
      pairs: [
        { operationId: 'get-asset', status: '200', exercised: 3, triggerable: true },
        { operationId: 'get-asset', status: '500', exercised: 0, triggerable: false, reason: 'needs a fault' },
        { operationId: 'delete-asset', status: '204', exercised: 0, triggerable: true },
        { operationId: 'delete-asset', status: '500', exercised: 0, triggerable: false, reason: 'needs a fault' },
      ],
      raw: { exercised: 1, total: 4, percent: 25 },
      triggerable: { exercised: 1, total: 2, percent: 50 },
    },
    cleanup: {
      removed: [{ kind: 'asset', id: 'a1', label: 'assetkit-conformance-abcd1234-1.png' }],
      failed: [],
      left: [
        { kind: 'asset folder', id: 'f1', label: 'assetkit-conformance-abcd1234', reason: 'no folder delete endpoint' },
      ],
    },
    rateLimit: { limit: { requests: 60, windowMs: 60_000 }, source: 'server', announced: 60 },
    summary: { checks: 2, passed: 1, failed: 1, steps: 2, failedSteps: 1 },
  };
}
