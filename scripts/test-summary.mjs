// Sums every package's vitest JSON report (reports/vitest.json) into the one closing line CI
// reads: `N passed, N failed`. A red run whose reports show no failed test (lint, type check or
// the generated-code drift check failed instead) counts that as one failure, so the line never
// says "0 failed" about a failing run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const exitStatus = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const group of ['apps', 'packages', '.']) {
  const dirs =
    group === '.'
      ? ['bench']
      : existsSync(join(root, group))
        ? readdirSync(join(root, group)).map((d) => join(group, d))
        : [];
  for (const dir of dirs) {
    const report = join(root, dir, 'reports/vitest.json');
    if (!existsSync(report)) {
      continue;
    }
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    process.stdout.write(`${dir}: ${r.numPassedTests} passed, ${r.numFailedTests} failed\n`);
  }
}
if (exitStatus !== 0 && failed === 0) {
  process.stdout.write(
    'the test command failed outside the test runner (lint, type check or generated-code drift): counted as 1 failure\n',
  );
  failed = 1;
}
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
