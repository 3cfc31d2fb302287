import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { access, open, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type ApiName, getContract } from '@assetkit/contract';
import { formatConsoleReport, formatStepLine } from '../report/console-report.js';
import { EXIT, exitCodeFor, type Signal, signalExitCode } from '../report/exit-code.js';
import { formatJsonReport } from '../report/json-report.js';
import { formatJUnitReport } from '../report/junit-report.js';
import type { Clock } from '../runner/clock.js';
import { CLI_OPTION_NAMES } from '../runner/option-names.js';
import { formatRateLimit, isLoopback } from '../runner/rate-limiter.js';
import { laneNames } from '../runner/run-limiter.js';
import {
  DEFAULT_REMOTE_RATE_LIMIT,
  ProbeRejectedError,
  runSuite,
  TargetCertificateError,
  TargetUnreachableError,
} from '../runner/run-suite.js';
import type { FetchLike } from '../runner/scenario-types.js';
import { apiRoot } from '../runner/target-url.js';
import { scenarioModule } from '../scenarios/registry.js';
import { parseArgs } from './args.js';
import { createReportFiles, type ReportFiles } from './report-files.js';
import { reportTarget, sameReportFile } from './report-paths.js';
import { usage } from './usage.js';

export { EXIT, exitCodeFor, type Signal } from '../report/exit-code.js';

/** What the CLI touches outside itself, injected so tests run it in-process. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  fetch?: FetchLike;
  /** Where to listen for SIGINT/SIGTERM (the bin passes `process`). */
  signals?: { on(signal: Signal, listener: () => void): unknown; off(signal: Signal, listener: () => void): unknown };
  /** Called on a second interrupt, to leave at once (the bin passes `process.exit`). */
  exit?: (code: number) => void;
  /** Working directory for report paths. */
  cwd?: string;
  /** Time as the run sees it (rate limit, `Retry-After`): the system's unless a test passes a faster one. */
  clock?: Clock;
}

/**
 * Whether each report file can be written, found out before a single request is sent (a run can
 * take minutes, and its writes are not undone). Opening for append creates nothing that was not
 * going to be created, and truncates nothing.
 */
async function checkWritable(files: (string | undefined)[], cwd: string): Promise<string[]> {
  const problems: string[] = [];
  for (const file of files) {
    if (file === undefined) {
      continue;
    }
    const path = resolve(cwd, file);
    try {
      await access(dirname(path));
    } catch {
      problems.push(`cannot write ${file}: its directory does not exist`);
      continue;
    }
    try {
      const existed = await stat(path).then(
        () => true,
        () => false,
      );
      await (await open(path, 'a')).close();
      if (!existed) {
        await rm(path, { force: true });
      }
    } catch (error) {
      problems.push(`cannot write ${file}: ${(error as Error).message}`);
    }
  }
  return problems;
}

/**
 * `--json` and `--junit` spelled differently but leading to one file (a symbolic or hard link, `./`):
 * one report would overwrite the other. Identical spellings are refused by `parseArgs` already.
 */
function sameFileProblems({ json, junit }: { json?: string; junit?: string }, cwd: string): string[] {
  if (json === undefined || junit === undefined || json === junit) {
    return [];
  }
  return sameReportFile(json, junit, cwd)
    ? [`--json and --junit lead to the same file (${reportTarget(json, cwd)}); one report would overwrite the other`]
    : [];
}

/** Writes a report; a failure is a clear line and exit 2, not a stack trace after the whole run. */
async function writeReport(files: ReportFiles, path: string, text: string, io: CliIo): Promise<boolean> {
  try {
    await files.write(path, text);
    return true;
  } catch (error) {
    io.stderr.write(`assetkit-conformance: cannot write ${path}: ${(error as Error).message}\n`);
    return false;
  }
}

/** `a`, `a and b`. */
function listed(paths: string[]): string {
  return paths.length > 1 ? `${paths.slice(0, -1).join(', ')} and ${paths.at(-1)}` : (paths[0] ?? '');
}

/**
 * Runs the CLI: parses `argv`, runs the suite, prints the console report, writes `--json` and
 * `--junit`, and returns the exit code (0 passed, 1 failures, 2 usage, unreachable or untrusted, 130/143
 * interrupted). The first SIGINT/SIGTERM stops new requests and cleans up; a second one exits.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signals: process });
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(usage(parsed.api));
    return EXIT.ok;
  }
  const cwd = io.cwd ?? process.cwd();
  const problems = [
    ...(parsed.kind === 'error' ? parsed.problems : []),
    ...(parsed.kind === 'run' ? sameFileProblems(parsed.options, cwd) : []),
    ...(await checkWritable(
      parsed.kind === 'error' ? (parsed.reports ?? []) : [parsed.options.junit, parsed.options.json],
      cwd,
    )),
  ];
  if (parsed.kind === 'error' || problems.length > 0) {
    io.stderr.write(
      `assetkit-conformance: ${problems.map((p) => `\n  - ${p}`).join('')}\n\nRun with --help for usage.\n`,
    );
    return EXIT.usage;
  }
  const { options } = parsed;
  const module = scenarioModule(options.api);
  if (!module) {
    return EXIT.usage; // parseArgs already rejected unknown APIs
  }
  const interrupt = new AbortController();
  // Every request in flight and every wait for the rate limit listens on it: more than Node's
  // default of 10 is normal, not a leak (each removes its listener when done).
  setMaxListeners(0, interrupt.signal);
  // Chosen here, so the header names it and a second signal can say what may be left behind.
  const runId = randomBytes(4).toString('hex');
  const reportFiles = createReportFiles({ cwd, runId });
  let signal: Signal | undefined;
  const onSignal = (name: Signal) => () => {
    if (signal) {
      io.stderr.write(
        `\n${name} again: exiting without finishing cleanup; what run ${runId} created may be left ` +
          `(its names carry ${runId}: delete those by hand)\n`,
      );
      if (io.exit) {
        const requested = [options.json, options.junit].filter((file) => file !== undefined);
        const removed = reportFiles.abandon(requested);
        if (removed.length > 0) {
          io.stderr.write(`assetkit-conformance: no report written: removed ${listed(removed)}, an earlier run's\n`);
        }
        io.exit(signalExitCode(name));
      }
      return;
    }
    signal = name;
    io.stderr.write(`\n${name}: stopping after the requests in flight, then cleaning up (again to exit at once)\n`);
    interrupt.abort(new Error(name));
  };
  const listeners = { SIGINT: onSignal('SIGINT'), SIGTERM: onSignal('SIGTERM') };
  io.signals?.on('SIGINT', listeners.SIGINT);
  io.signals?.on('SIGTERM', listeners.SIGTERM);
  // Without --rate-limit the run follows the server's X-RateLimit-Limit once an answer gives one.
  const limit =
    options.rateLimit === undefined
      ? `${isLoopback(options.baseUrl) ? 'unlimited (loopback)' : formatRateLimit(DEFAULT_REMOTE_RATE_LIMIT)} until the server announces one (X-RateLimit-Limit)`
      : `${formatRateLimit(options.rateLimit)} (--rate-limit)`;
  // The root the run will call, as the report names it (a bare host gets the spec's server path).
  const root = apiRoot(getContract(options.api as ApiName), options.baseUrl);
  io.stderr.write(`assetkit-conformance: testing ${root} (${options.api}), rate limit ${limit}, run ${runId}\n`);
  try {
    const report = await runSuite({
      module,
      runId,
      baseUrl: options.baseUrl,
      ...(io.fetch && { fetch: io.fetch }),
      ...(options.token !== undefined && { token: options.token }),
      ...(options.readOnlyToken !== undefined && { readOnlyToken: options.readOnlyToken }),
      vars: options.vars,
      readOnly: options.readOnly,
      strict: options.strict,
      exerciseRateLimit: options.exerciseRateLimit,
      optionNames: CLI_OPTION_NAMES,
      ...(options.rateLimit !== undefined && { rateLimit: options.rateLimit }),
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      interrupt: interrupt.signal,
      ...(io.clock && { clock: io.clock }),
      onStep: (scenario, step) => io.stderr.write(`  ${formatStepLine(scenario, step)}\n`),
      onCleanupRetry: (what) => io.stderr.write(`  ${what}\n`),
      onRateLimit: (adopted, lane) =>
        io.stderr.write(
          lane === 'token'
            ? `assetkit-conformance: the server announces ${adopted.requests} requests a minute (X-RateLimit-Limit): rate limit ${formatRateLimit(adopted)} from now on\n`
            : `assetkit-conformance: the server announces ${adopted.requests} requests a minute to ${laneNames(CLI_OPTION_NAMES)[lane]} (X-RateLimit-Limit): their rate limit ${formatRateLimit(adopted)} from now on\n`,
        ),
      onRateLimitNote: (line) => io.stderr.write(`assetkit-conformance: ${line}\n`),
    });
    const minCoverage = options.minCoverage !== undefined ? { minCoverage: options.minCoverage } : {};
    const code = exitCodeFor(report, { ...minCoverage, ...(signal && { signal }) });
    // On one terminal the progress lines are already on screen: the report does not repeat them
    // (piped or redirected, stdout gets every step, as it would have nothing otherwise).
    const stepsShown = io.stdout.isTTY === true && io.stderr.isTTY === true;
    io.stdout.write(formatConsoleReport(report, { ...minCoverage, stepsShown }));
    const written = [
      !options.json ||
        (await writeReport(
          reportFiles,
          resolve(cwd, options.json),
          formatJsonReport(report, { ...minCoverage, exitCode: code }),
          io,
        )),
      !options.junit ||
        (await writeReport(reportFiles, resolve(cwd, options.junit), formatJUnitReport(report, minCoverage), io)),
    ];
    return written.every(Boolean) ? code : EXIT.usage;
  } catch (error) {
    if (
      error instanceof TargetUnreachableError ||
      error instanceof TargetCertificateError ||
      error instanceof ProbeRejectedError
    ) {
      io.stderr.write(`assetkit-conformance: ${error.message}\n`);
      // Requests were sent: the reports say what happened, or CI would publish the last run's as this one's.
      const minCoverage = options.minCoverage !== undefined ? { minCoverage: options.minCoverage } : {};
      const stopped = { message: error.message, type: error.name };
      // Interrupted while the first request waited: the signal's code, as for any other run.
      const code = signal ? signalExitCode(signal) : EXIT.usage;
      if (options.json) {
        await writeReport(
          reportFiles,
          resolve(cwd, options.json),
          formatJsonReport(error.report, { ...minCoverage, exitCode: code, error: error.message }),
          io,
        );
      }
      if (options.junit) {
        await writeReport(
          reportFiles,
          resolve(cwd, options.junit),
          formatJUnitReport(error.report, { ...minCoverage, stopped }),
          io,
        );
      }
      return code;
    }
    throw error;
  } finally {
    io.signals?.off('SIGINT', listeners.SIGINT);
    io.signals?.off('SIGTERM', listeners.SIGTERM);
  }
}
