import { describe, expect, it } from 'vitest';
import { proxyTable } from './readme.js';
import type { LoadResult, ProxyBenchResult } from './suites/proxy-throughput.js';

const load = (contender: string, peakRssMb: number): LoadResult => ({
  contender,
  endpoint: 'get-asset',
  round: 1,
  requestsPerSecond: 1000,
  p50Ms: 1,
  p99Ms: 2,
  non2xx: 0,
  errors: 0,
  cpuMicrosPerRequest: 50,
  probeP50Micros: 200,
  probeP99Micros: 400,
  probeFailures: 0,
  peakRssMb,
});

const result = (results: LoadResult[], startups: Record<string, number>): ProxyBenchResult => ({
  connections: 32,
  probeRatePerSecond: 500,
  durationSeconds: 1,
  rounds: 1,
  results,
  samples: results,
  ratios: [],
  startupMs: startups,
  startupRangeMs: Object.fromEntries(Object.entries(startups).map(([name, ms]) => [name, [ms, ms]])),
  startupSamples: Object.keys(startups).length > 0 ? 7 : 0,
  peakRssMb: Object.fromEntries(
    results.filter((r) => !Number.isNaN(r.peakRssMb)).map((r) => [r.contender, r.peakRssMb]),
  ),
  host: { cpuModel: 'test', cores: 2, jsonParseMbPerSecond: 500 },
});

describe('proxyTable', () => {
  // A run of the upstream alone (BENCH_CONTENDERS=direct) said "at least Infinity fresh processes".
  it('says nothing of start-up or memory when no server of its own was started', () => {
    const table = proxyTable(result([load('direct (no proxy)', Number.NaN)], {}));
    expect(table).not.toMatch(/Infinity|NaN/);
    expect(table).not.toContain('Start-up to listening');
    expect(table).not.toContain('Peak RSS');
  });

  it('reports the start-up and peak memory of the servers it started', () => {
    const name = 'assetkit proxy (request + response validation, enforce)';
    const table = proxyTable(result([load('direct (no proxy)', Number.NaN), load(name, 120)], { [name]: 300 }));
    expect(table).toContain(
      `median of at least 7 fresh processes, the loads' own among them, fastest–slowest in brackets): ${name} 300 ms (300–300).`,
    );
    expect(table).toContain(`Highest of any load, per server: ${name} 120 MB.`);
  });
});
