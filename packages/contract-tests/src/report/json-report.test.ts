import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../test/fixtures.js';
import { EXIT } from './exit-code.js';
import { formatJsonReport, type JsonReport } from './json-report.js';

describe('formatJsonReport', () => {
  it('adds the verdict it is given', () => {
    const json = JSON.parse(
      formatJsonReport(sampleReport(), { minCoverage: 40, exitCode: EXIT.failures }),
    ) as JsonReport;
    expect(json).toMatchObject({ runId: 'abcd1234', minCoverage: 40, exitCode: EXIT.failures });
    expect(json).not.toHaveProperty('error');
  });

  // Found in review: the README says formatJsonReport(report) renders the report; without its
  // second argument it threw "Cannot read properties of undefined (reading 'minCoverage')".
  it('renders a report on its own, with the exit code the run earns', () => {
    const failing = JSON.parse(formatJsonReport(sampleReport())) as JsonReport;
    expect(failing).toMatchObject({ minCoverage: null, exitCode: EXIT.failures });
    const clean = { ...sampleReport(), summary: { ...sampleReport().summary, failed: 0 } };
    expect(JSON.parse(formatJsonReport(clean)).exitCode).toBe(EXIT.ok);
    expect(JSON.parse(formatJsonReport(clean, { minCoverage: 60 })).exitCode).toBe(EXIT.failures);
  });

  it('says why a run stopped at its first request', () => {
    const json = JSON.parse(formatJsonReport(sampleReport(), { exitCode: EXIT.usage, error: 'unreachable' }));
    expect(json).toMatchObject({ exitCode: EXIT.usage, error: 'unreachable' });
  });
});
