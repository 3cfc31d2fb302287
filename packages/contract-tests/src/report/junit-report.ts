import type { CheckResult, RunReport, StepReport } from '../runner/report-types.js';
import { answered } from './answered.js';

/** Escapes text for XML content and attributes, dropping characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing exactly those characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

function failureText(check: CheckResult): string {
  const lines = check.failures.map((f) => {
    const ea =
      f.expected !== undefined || f.actual !== undefined
        ? ` (expected ${f.expected ?? '?'}, actual ${f.actual ?? '?'})`
        : '';
    return `${f.location} ${f.pointer || '(whole)'}: ${f.message}${ea}${f.schemaPath ? ` [schema ${f.schemaPath}]` : ''}`;
  });
  return [
    ...lines,
    ...(check.curl ? [`reproduce: ${check.curl}`] : []),
    ...(check.response ? [`answered: ${answered(check.response)}`] : []),
  ].join('\n');
}

function testcases(scenario: string, step: StepReport): string[] {
  const classname = `${scenario}.${step.name}`;
  const seconds = (step.durationMs / 1000).toFixed(3);
  if (step.checks.length === 0) {
    const inner = step.status === 'passed' ? '' : `<skipped${attrs({ message: step.reason ?? step.status })}/>`;
    return [`    <testcase${attrs({ classname, name: step.name, time: seconds })}>${inner}</testcase>`];
  }
  return step.checks.map((check, i) => {
    const name = `${check.subject} · ${check.check}`;
    const time = i === 0 ? seconds : '0.000';
    if (check.passed) {
      return `    <testcase${attrs({ classname, name, time })}/>`;
    }
    const first = check.failures[0];
    const message = first
      ? `${check.operationId ?? ''} ${first.location} ${first.pointer}: ${first.message}`.trim()
      : check.check;
    return [
      `    <testcase${attrs({ classname, name, time })}>`,
      `      <failure${attrs({ message, type: check.check })}>${escapeXml(failureText(check))}</failure>`,
      '    </testcase>',
    ].join('\n');
  });
}

/**
 * JUnit XML for CI: one `<testsuite>` per scenario, one `<testcase>` per check (named after the
 * request and the check, classname `scenario.step`), `<failure>` with pointers, expected vs
 * actual and the `curl`; steps without checks (skipped, blocked) become `<skipped/>` cases.
 * With `minCoverage`, a `coverage` suite holds one case that fails below the threshold; an
 * interrupted run gets a `run` suite whose one case is an `<error>`, so CI does not show it as
 * complete; a run that `stopped` at its first request gets a `run` suite whose one case fails
 * with why (and no coverage suite).
 *
 * @example
 * await writeFile('conformance.xml', formatJUnitReport(report));
 */
export function formatJUnitReport(
  report: RunReport,
  options: {
    minCoverage?: number;
    /** Why the run stopped at its first request (exit code 2): a `run` suite fails with it. */
    stopped?: { message: string; type: string };
  } = {},
): string {
  const suites = report.scenarios.map((scenario) => {
    const cases = scenario.steps.flatMap((step) => testcases(scenario.name, step));
    const failures = cases.filter((c) => c.includes('<failure')).length;
    const skipped = cases.filter((c) => c.includes('<skipped')).length;
    const time = scenario.steps.reduce((sum, s) => sum + s.durationMs, 0) / 1000;
    const head = `  <testsuite${attrs({ name: scenario.name, tests: cases.length, failures, errors: 0, skipped, time: time.toFixed(3), timestamp: report.startedAt })}>`;
    return { xml: [head, ...cases, '  </testsuite>'].join('\n'), tests: cases.length, failures, errors: 0, skipped };
  });
  if (report.interrupted) {
    // Without this a CI view of an interrupted run shows only passes and skips: it looks complete.
    const blocked = report.scenarios.flatMap((s) => s.steps).filter((s) => s.status === 'blocked').length;
    const message = `the run was interrupted before it finished (${blocked} ${blocked === 1 ? 'step' : 'steps'} blocked)`;
    suites.push({
      xml: [
        `  <testsuite${attrs({ name: 'run', tests: 1, failures: 0, errors: 1, skipped: 0, time: '0.000', timestamp: report.startedAt })}>`,
        `    <testcase${attrs({ classname: 'run', name: 'the run finished', time: '0.000' })}><error${attrs({ message, type: 'interrupted' })}/></testcase>`,
        '  </testsuite>',
      ].join('\n'),
      tests: 1,
      failures: 0,
      errors: 1,
      skipped: 0,
    });
  }
  if (options.stopped) {
    // Without this the file says nothing of a run that could not start: stale, or empty and green.
    const { message, type } = options.stopped;
    suites.push({
      xml: [
        `  <testsuite${attrs({ name: 'run', tests: 1, failures: 1, errors: 0, skipped: 0, time: '0.000', timestamp: report.startedAt })}>`,
        `    <testcase${attrs({ classname: 'run', name: 'the run got past its first request', time: '0.000' })}>`,
        `      <failure${attrs({ message, type })}>${escapeXml(message)}</failure>`,
        '    </testcase>',
        '  </testsuite>',
      ].join('\n'),
      tests: 1,
      failures: 1,
      errors: 0,
      skipped: 0,
    });
  }
  // The coverage of a run that stopped at its first request is no finding: it is left out.
  if (options.minCoverage !== undefined && !options.stopped) {
    const { percent, exercised, total } = report.coverage.triggerable;
    const ok = percent >= options.minCoverage;
    const name = `triggerable coverage ${exercised}/${total} (${percent}%) is at least ${options.minCoverage}%`;
    const failure = ok
      ? ''
      : `<failure${attrs({ message: name.replace('is at least', 'is below'), type: 'min-coverage' })}/>`;
    suites.push({
      xml: [
        `  <testsuite${attrs({ name: 'coverage', tests: 1, failures: ok ? 0 : 1, errors: 0, skipped: 0, time: '0.000', timestamp: report.startedAt })}>`,
        `    <testcase${attrs({ classname: 'coverage', name, time: '0.000' })}>${failure}</testcase>`,
        '  </testsuite>',
      ].join('\n'),
      tests: 1,
      failures: ok ? 0 : 1,
      errors: 0,
      skipped: 0,
    });
  }
  const total = (key: 'tests' | 'failures' | 'errors' | 'skipped') => suites.reduce((sum, s) => sum + s[key], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: `assetkit-conformance ${report.api} ${report.baseUrl}`, tests: total('tests'), failures: total('failures'), errors: total('errors'), skipped: total('skipped'), time: (report.durationMs / 1000).toFixed(3) })}>`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}
