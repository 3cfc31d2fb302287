import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../test/fixtures.js';
import { EXIT, exitCodeFor } from './exit-code.js';

describe('exitCodeFor', () => {
  const passing = () => ({ ...sampleReport(), summary: { ...sampleReport().summary, failed: 0 } });

  it.each([
    { name: 'passes a clean run', report: passing(), options: {}, want: EXIT.ok },
    { name: 'fails a run with a failed check', report: sampleReport(), options: {}, want: EXIT.failures },
    {
      name: 'fails a clean run below --min-coverage',
      report: passing(),
      options: { minCoverage: 51 },
      want: EXIT.failures,
    },
    { name: 'passes a clean run at --min-coverage', report: passing(), options: { minCoverage: 50 }, want: EXIT.ok },
    { name: 'says 130 after SIGINT', report: passing(), options: { signal: 'SIGINT' as const }, want: EXIT.sigint },
    {
      name: 'says 143 after SIGTERM',
      report: sampleReport(),
      options: { signal: 'SIGTERM' as const },
      want: EXIT.sigterm,
    },
  ])('$name', ({ report, options, want }) => {
    expect(exitCodeFor(report, options)).toBe(want);
  });
});
