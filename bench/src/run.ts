/**
 * `pnpm bench`: runs every suite (or those named on the command line), prints each as a table
 * and writes `bench/results/<suite>.json`. Ratios are against a baseline measured in the same
 * run, never absolute targets: machines differ, ratios travel.
 */
import { type SuiteResult, saveResult, toMarkdown } from './report.js';
import { contractValidation } from './suites/contract-validation.js';

const suites: Record<string, () => Promise<SuiteResult>> = {
  'contract-validation': contractValidation,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((name) => !(name in suites));
if (unknown.length > 0) {
  process.stderr.write(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}\n`);
  process.exit(2);
}

for (const [name, suite] of Object.entries(suites)) {
  if (wanted.length > 0 && !wanted.includes(name)) {
    continue;
  }
  process.stdout.write(`\n## ${name}\n`);
  const result = await suite();
  process.stdout.write(`${result.description}\n\n${toMarkdown(result)}\n`);
  for (const [note, value] of Object.entries(result.notes ?? {})) {
    process.stdout.write(`- ${note}: ${value}\n`);
  }
  process.stdout.write(`\nwritten to ${await saveResult(result)}\n`);
}
