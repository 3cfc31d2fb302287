/**
 * `pnpm bench`: runs every suite but the soak (or those named: `pnpm bench soak`), prints each as a table,
 * writes `bench/results/<suite>.json` and refreshes the README's benchmark tables. Ratios are
 * against baselines measured in the same run, never absolute targets: machines differ, ratios
 * travel.
 */
import { BenchConfigError, isPartialProxyRun, loadBenchConfig } from './config.js';
import { proxyTable, updateReadme } from './readme.js';
import { saveResult, toMarkdown } from './report.js';
import { contractValidation } from './suites/contract-validation.js';
import { proxyThroughput } from './suites/proxy-throughput.js';
import { soak, soakTable } from './suites/soak.js';

function readConfig() {
  try {
    return loadBenchConfig();
  } catch (error) {
    if (error instanceof BenchConfigError) {
      process.stderr.write(`${error.message}\nSee Benchmarks in the root README.\n`);
      process.exit(2);
    }
    throw error;
  }
}

// Before anything starts: a setting it cannot run with is no reason to spend minutes first.
const config = readConfig();

/** Suites that run only when named (`pnpm bench soak`): too long for a plain `pnpm bench`. */
const onlyWhenNamed = new Set(['soak']);

/**
 * A suite's run: its JSON result, its table, and whether it ran only part of what it compares
 * (`partial`: written to `results/<suite>.partial.json`, and the README left as it was).
 */
type SuiteRun = { json: object; markdown: string; partial?: boolean };

const suites: Record<string, () => Promise<SuiteRun>> = {
  'contract-validation': async () => {
    const result = await contractValidation();
    const notes = Object.entries(result.notes ?? {}).map(([note, value]) => `- ${note}: ${value}`);
    return { json: result, markdown: `${toMarkdown(result)}\n\n${notes.join('\n')}` };
  },
  proxy: async () => {
    const result = await proxyThroughput(config.proxy);
    return {
      json: { suite: 'proxy', measuredAt: new Date().toISOString(), node: process.version, ...result },
      markdown: proxyTable(result),
      partial: isPartialProxyRun(config.proxy),
    };
  },
  soak: async () => {
    const result = await soak(config.soak);
    return { json: { suite: 'soak', measuredAt: new Date().toISOString(), ...result }, markdown: soakTable(result) };
  },
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((name) => !(name in suites));
if (unknown.length > 0) {
  process.stderr.write(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}\n`);
  process.exit(2);
}

for (const [name, suite] of Object.entries(suites)) {
  if (wanted.length > 0 ? !wanted.includes(name) : onlyWhenNamed.has(name)) {
    continue;
  }
  process.stdout.write(`\n## ${name}\n`);
  const { json, markdown, partial = false } = await suite();
  process.stdout.write(`\n${markdown}\n`);
  const saved = await saveResult({ suite: name, ...json } as never, partial ? `${name}.partial` : name);
  process.stdout.write(`\nwritten to ${saved}\n`);
  if (partial) {
    process.stdout.write(
      `a partial run (BENCH_CONTENDERS or BENCH_ENDPOINTS set): bench/results/${name}.json and the README's table are left as they were\n`,
    );
  } else if (await updateReadme(name, markdown)) {
    process.stdout.write('README.md table updated\n');
  }
}
