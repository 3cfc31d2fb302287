import { describe, expect, it } from 'vitest';
import { faultConfigProblems } from './fault-config.js';

const OPS = ['get-asset', 'list-assets'];

describe('faultConfigProblems', () => {
  it('accepts a full valid configuration', () => {
    expect(
      faultConfigProblems(
        {
          operations: ['get-asset'],
          latencyMs: 10,
          error: { status: 429, retryAfterSeconds: 3, count: 1, rate: 0.5 },
          drop: { rate: 0.1 },
          invalidJson: { count: 2 },
          drift: { kind: 'missing-id', count: 1 },
          seed: 42,
        },
        OPS,
      ),
    ).toEqual([]);
  });

  it.each([
    ['a non-object', [], '(root): must be a JSON object (or null to clear faults)'],
    ['an unknown operation', { operations: ['nope'] }, '/operations/0'],
    ['an unknown property', { latency: 5 }, '/latency: unknown property'],
    ['an undocumented error status', { error: { status: 418 } }, '/error/status'],
    ['a rate above 1', { drop: { rate: 2 } }, '/drop/rate'],
    ['a negative count', { invalidJson: { count: -1 } }, '/invalidJson/count'],
    ['an unknown drift kind', { drift: { kind: 'chaos' } }, '/drift/kind'],
    ['a latency above a minute', { latencyMs: 600_000 }, '/latencyMs'],
    // Accepted and ignored before: the injected 500 came without the Retry-After asked for.
    ['a Retry-After on a 500', { error: { status: 500, retryAfterSeconds: 5 } }, '/error/retryAfterSeconds: only'],
  ])('reports %s', (_name, config, problem) => {
    expect(faultConfigProblems(config, OPS).join('\n')).toContain(problem);
  });

  it('lists every problem at once', () => {
    expect(faultConfigProblems({ latencyMs: -1, seed: 'x', drift: 1 }, OPS)).toHaveLength(3);
  });
});
