import { getContract } from '@assetkit/contract';
import { describe, expect, it } from 'vitest';
import { createCoverage } from './coverage.js';

const contract = getContract('webflow-assets');

describe('createCoverage', () => {
  it('lists every documented operation × status pair of the contract as the raw denominator', () => {
    const report = createCoverage(contract).report([]);
    const documented = contract.operations.reduce((sum, op) => sum + op.responses.length, 0);
    expect(report.pairs).toHaveLength(documented);
    expect(report.raw).toEqual({ exercised: 0, total: documented, percent: 0 });
    expect(report.operations).toEqual(contract.operations.map((op) => op.operationId));
  });

  it('counts a response under its documented status, and ignores undocumented ones', () => {
    const coverage = createCoverage(contract);
    coverage.hit('get-asset', 200);
    coverage.hit('get-asset', 200);
    coverage.hit('get-asset', 202);
    const report = coverage.report([]);
    expect(report.pairs.find((p) => p.operationId === 'get-asset' && p.status === '200')?.exercised).toBe(2);
    expect(report.raw.exercised).toBe(1);
  });

  it('leaves declared pairs out of the triggerable ratio only, keeping the reason', () => {
    const coverage = createCoverage(contract);
    coverage.hit('get-asset', 200);
    const report = coverage.report([
      { operationId: '*', status: '500', reason: 'needs a fault' },
      { operationId: 'get-asset', status: '403', reason: 'needs another site' },
    ]);
    const operations = contract.operations.length;
    const documented = report.pairs.length;
    expect(report.triggerable.total).toBe(documented - operations - 1);
    expect(report.pairs.find((p) => p.operationId === 'list-assets' && p.status === '500')).toMatchObject({
      triggerable: false,
      reason: 'needs a fault',
    });
    expect(report.raw.total).toBe(documented);
  });

  it('applies soft (run-time) rules only to pairs nothing exercised', () => {
    const coverage = createCoverage(contract);
    coverage.hit('get-asset', 200);
    const soft = ['get-asset', 'get-asset-folder'].map((operationId) => ({
      operationId,
      status: '200',
      reason: 'empty site',
    }));
    const report = coverage.report([], soft);
    expect(report.pairs.find((p) => p.operationId === 'get-asset' && p.status === '200')?.triggerable).toBe(true);
    expect(report.pairs.find((p) => p.operationId === 'get-asset-folder' && p.status === '200')).toMatchObject({
      triggerable: false,
      reason: 'empty site',
    });
  });

  it('counts a declared pair that was received after all as triggerable, without the reason', () => {
    const coverage = createCoverage(contract);
    coverage.hit('get-asset', 429);
    const report = coverage.report([{ operationId: '*', status: '429', reason: 'needs an exhausted budget' }]);
    const pair = report.pairs.find((p) => p.operationId === 'get-asset' && p.status === '429');
    expect(pair).toEqual({ operationId: 'get-asset', status: '429', exercised: 1, triggerable: true });
    expect(report.pairs.find((p) => p.operationId === 'list-assets' && p.status === '429')).toMatchObject({
      triggerable: false,
      reason: 'needs an exhausted budget',
    });
    expect(report.triggerable.exercised).toBe(1);
  });

  it('reports 100% when everything triggerable was exercised', () => {
    const coverage = createCoverage(contract);
    for (const op of contract.operations) {
      coverage.hit(op.operationId, op.method === 'delete' ? 204 : 200);
    }
    const report = coverage.report([
      { operationId: '*', status: '400', reason: 'r' },
      ...['401', '403', '404', '429', '500'].map((status) => ({ operationId: '*', status, reason: 'r' })),
    ]);
    expect(report.triggerable).toEqual({
      exercised: contract.operations.length,
      total: contract.operations.length,
      percent: 100,
    });
  });
});
