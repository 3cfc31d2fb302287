import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../test/fixtures.js';
import { escapeXml, formatJUnitReport } from './junit-report.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['testsuite', 'testcase'].includes(name),
});

describe('formatJUnitReport', () => {
  it('is well-formed XML with one testsuite per scenario and one testcase per check', () => {
    const xml = formatJUnitReport(sampleReport());
    expect(XMLValidator.validate(xml)).toBe(true);
    const { testsuites } = parser.parse(xml);
    expect(testsuites).toMatchObject({ tests: '3', failures: '1', skipped: '1', errors: '0' });
    const [suite] = testsuites.testsuite;
    expect(suite).toMatchObject({ name: 'lifecycle', tests: '3', failures: '1', skipped: '1' });
    expect(suite.testcase.map((c: { name: string }) => c.name)).toEqual([
      'GET get-asset → 200 · expected-status',
      'GET get-asset → 200 · body-schema',
      'patch the alt text for a locale',
    ]);
  });

  it('puts the pointer, expected vs actual and the curl in the failure, escaped', () => {
    const { testsuites } = parser.parse(formatJUnitReport(sampleReport()));
    const failing = testsuites.testsuite[0].testcase[1];
    expect(failing.classname).toBe('lifecycle.get an uploaded asset & <its> "file"');
    expect(failing.failure.type).toBe('body-schema');
    expect(failing.failure.message).toContain('get-asset response.body /variants/0/height');
    expect(failing.failure['#text']).toContain('expected must be integer or null, actual "500"');
    expect(failing.failure['#text']).toContain(
      "reproduce: curl -X GET http://127.0.0.1:4010/v2/assets/65f0a1b2c3d4e5f6a7b8c9d1 -H 'authorization: Bearer <redacted>'",
    );
  });

  it('adds a coverage suite that fails below --min-coverage', () => {
    const { testsuites } = parser.parse(formatJUnitReport(sampleReport(), { minCoverage: 80 }));
    const coverage = testsuites.testsuite.find((s: { name: string }) => s.name === 'coverage');
    expect(coverage.testcase[0].failure.message).toBe('triggerable coverage 1/2 (50%) is below 80%');
    expect(testsuites.failures).toBe('2');
  });

  // Found by a trial of the CLI: an interrupted run's XML showed only passes and skips.
  it('marks an interrupted run with an error case, counted in the totals', () => {
    const report = { ...sampleReport(), interrupted: true };
    const xml = formatJUnitReport(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const { testsuites } = parser.parse(xml);
    expect(testsuites.errors).toBe('1');
    const run = testsuites.testsuite.find((s: { name: string }) => s.name === 'run');
    expect(run).toMatchObject({ errors: '1', tests: '1' });
    expect(run.testcase[0].error).toMatchObject({ type: 'interrupted' });
    expect(run.testcase[0].error.message).toMatch(
      /^the run was interrupted before it finished \(\d+ steps? blocked\)$/,
    );
    expect(parser.parse(formatJUnitReport(sampleReport())).testsuites.errors).toBe('0');
  });

  it('fails a run that stopped at its first request in a run suite, with why, and leaves coverage out', () => {
    const stopped = {
      message: 'http://127.0.0.1:9/v2 is unreachable: connect ECONNREFUSED',
      type: 'TargetUnreachableError',
    };
    const xml = formatJUnitReport(sampleReport(), { minCoverage: 100, stopped });
    expect(XMLValidator.validate(xml)).toBe(true);
    const { testsuites } = parser.parse(xml);
    expect(testsuites.testsuite.map((s: { name: string }) => s.name)).toEqual(['lifecycle', 'run']);
    const run = testsuites.testsuite.find((s: { name: string }) => s.name === 'run');
    expect(run).toMatchObject({ tests: '1', failures: '1' });
    expect(run.testcase[0].failure).toMatchObject({ message: stopped.message, type: stopped.type });
    expect(testsuites.failures).toBe('2');
  });
});

describe('escapeXml', () => {
  it('escapes markup and drops characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">&'\u0001</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
  });
});
