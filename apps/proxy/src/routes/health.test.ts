import { describe, expect, it } from 'vitest';
import { apiPathTest } from '../steps/within-api.js';
import { isOperationsPath } from './health.js';

describe('isOperationsPath', () => {
  it.each([
    ['/healthz', true],
    ['/readyz?verbose=1', true],
    ['/metrics', true],
    ['/metrics/extra', false],
    ['/v2/metrics', false],
    ['/', false],
  ])('%s → %s', (url, want) => {
    expect(isOperationsPath(url)).toBe(want);
  });
});

describe('apiPathTest', () => {
  it('matches only paths under a server base path', () => {
    const isApi = apiPathTest(['/beta', '/v2']);
    expect(['/v2/assets/x', '/beta/assets/x', '/v2', '/v20/x', '/healthz'].map(isApi)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('owns every path when the spec is served at the root', () => {
    const isApi = apiPathTest(['']);
    expect(['/assets/a/b', '/healthz', '/'].map(isApi)).toEqual([true, true, true]);
  });
});
