import { createContract, documents, getContract, precompiledValidators } from '@assetkit/contract';
import { Bench } from 'tinybench';
import type { BenchRow, SuiteResult } from '../report.js';

const HEADERS = { 'content-type': 'application/json', 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59' };

function asset(i: number) {
  const id = `580e63fc8c9a982ac9b8${i.toString(16).padStart(4, '0')}`;
  return {
    id,
    contentType: 'image/png',
    size: 2212772 + i,
    siteId: '63938b302ea6b0aa6f3d8745',
    hostedUrl: `https://cdn.example.com/63938b302ea6b0aa6f3d8745/${id}_photo-${i}.png`,
    originalFileName: `photo-${i}.png`,
    displayName: `${id}_photo-${i}.png`,
    lastUpdated: '2023-03-01T23:42:57.862Z',
    createdOn: '2023-02-09T23:58:22.294Z',
    variants: [500, 800, 1080].map((width) => ({
      hostedUrl: `https://cdn.example.com/63938b302ea6b0aa6f3d8745/${id}_photo-${i}-p-${width}.png`,
      originalFileName: `photo-${i}-p-${width}.png`,
      displayName: `${id}_photo-${i}-p-${width}.png`,
      format: 'png',
      width,
      height: Math.round(width * 0.75),
      quality: 100,
      error: null,
    })),
    altText: i % 2 === 0 ? `Photo number ${i}` : null,
  };
}

/** A 100-item `list-assets` page and a `get-asset` body, as the benchmark payloads. */
export function payloads() {
  const list = {
    assets: Array.from({ length: 100 }, (_, i) => ({ ...asset(i), folderId: null })),
    pagination: { limit: 100, offset: 0, total: 100 },
  };
  const single = asset(1);
  return { list, single, listText: JSON.stringify(list), singleText: JSON.stringify(single) };
}

function row(name: string, task: Bench['tasks'][number]): BenchRow {
  const result = task.result;
  if (!result || result.error) {
    throw new Error(`${name} failed: ${String(result?.error)}`);
  }
  return {
    name,
    opsPerSecond: result.throughput.mean,
    meanMicros: result.latency.mean * 1000,
    p99Micros: (result.latency.p99 ?? result.latency.mean) * 1000,
    samples: result.latency.samples.length,
  };
}

/**
 * Validations per second of a 100-item `list-assets` response and of a `get-asset` response,
 * against `JSON.parse` of the same bytes as the baseline (the cost every proxy pays anyway).
 */
export async function contractValidation(): Promise<SuiteResult> {
  const contract = getContract('webflow-assets');
  const { list, single, listText, singleText } = payloads();
  const check = (ok: boolean) => {
    if (!ok) {
      throw new Error('benchmark payload is not valid: the numbers would measure the error path');
    }
  };
  check(contract.validateResponse({ operationId: 'list-assets', status: 200, headers: HEADERS, body: list }).valid);
  check(contract.validateResponse({ operationId: 'get-asset', status: 200, headers: HEADERS, body: single }).valid);

  const bench = new Bench({ time: 1500, warmup: true, warmupTime: 300 });
  bench
    .add('JSON.parse, 100-item list (baseline)', () => JSON.parse(listText))
    .add('validate list-assets 200, 100 items (parsed body)', () => {
      contract.validateResponse({ operationId: 'list-assets', status: 200, headers: HEADERS, body: list });
    })
    .add('validate list-assets 200, 100 items (raw bytes: parse + validate)', () => {
      contract.validateResponse({ operationId: 'list-assets', status: 200, headers: HEADERS, rawBody: listText });
    })
    .add('validate list-assets 200, 100 items, strict', () => {
      contract.validateResponse({
        operationId: 'list-assets',
        status: 200,
        headers: HEADERS,
        body: list,
        strict: true,
      });
    })
    .add('JSON.parse, one asset', () => JSON.parse(singleText))
    .add('validate get-asset 200 (parsed body)', () => {
      contract.validateResponse({ operationId: 'get-asset', status: 200, headers: HEADERS, body: single });
    })
    .add('validate get-asset request (route + params)', () => {
      contract.validateRequest({ method: 'GET', path: `/v2/assets/${single.id}`, query: 'localeId=abc' });
    });
  await bench.run();
  const rows = bench.tasks.map((task) => row(task.name, task));
  const baseline = rows[0] as BenchRow;
  for (const r of rows) {
    r.ratio = r.opsPerSecond / baseline.opsPerSecond;
  }

  const runs = 10;
  const timed = (build: (i: number) => void) => {
    const started = performance.now();
    for (let i = 0; i < runs; i++) {
      build(i);
    }
    return Number(((performance.now() - started) / runs).toFixed(1));
  };
  const document = documents['webflow-assets'];
  const compileMs = timed((i) => createContract({ name: `bench-${i}`, document }));
  const aheadOfTimeMs = timed((i) =>
    createContract({ name: `bench-aot-${i}`, document, precompiled: precompiledValidators['webflow-assets'] }),
  );

  return {
    suite: 'contract-validation',
    description: 'ajv core throughput on the two payloads proxies see most, against JSON.parse of the same bytes',
    baseline: baseline.name,
    measuredAt: new Date().toISOString(),
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length, platform: process.platform },
    rows,
    notes: {
      'build the webflow-assets contract, compiling every validator with ajv (ms, mean of 10, warm)': compileMs,
      'build it from the ahead-of-time validators of `pnpm generate` (ms, mean of 10, warm)': aheadOfTimeMs,
      'list payload bytes': listText.length,
    },
  };
}
