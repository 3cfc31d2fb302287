import { type ApiName, getContract } from '@assetkit/contract';
import { tokenProblems } from '../runner/credentials.js';
import { moduleOptionProblems } from '../runner/module-options.js';
import { CLI_OPTION_NAMES } from '../runner/option-names.js';
import { parseRateLimit, type RateLimit } from '../runner/rate-limiter.js';
import { MAX_TIMEOUT_MS } from '../runner/run-suite.js';
import type { OptionSpec } from '../runner/scenario-types.js';
import { baseUrlProblems } from '../runner/target-url.js';
import { scenarioModule, testableApis } from '../scenarios/registry.js';

/** What the command line asked for, validated. */
export interface CliOptions {
  api: string;
  baseUrl: string;
  /** Absent only for an API whose spec declares no security. */
  token?: string;
  readOnlyToken?: string;
  /** The scenario module's options (`siteId`, `localeId`). */
  vars: Record<string, string>;
  readOnly: boolean;
  strict: boolean;
  exerciseRateLimit: boolean;
  /**
   * `undefined` = follow the server's `X-RateLimit-Limit` (until an answer announces one: none for
   * loopback targets, 60/min otherwise); `null` = unlimited.
   */
  rateLimit?: RateLimit | null;
  junit?: string;
  json?: string;
  minCoverage?: number;
  /** How long one request may take, in milliseconds (the runner's default when absent). */
  timeoutMs?: number;
}

/** The outcome of parsing: options, a request for help, or every problem found. */
export type ParsedArgs =
  | { kind: 'run'; options: CliOptions }
  | { kind: 'help'; api: string }
  | { kind: 'error'; problems: string[]; reports?: string[] };

const VALUE_FLAGS = [
  'api',
  'base-url',
  'token',
  'token-read-only',
  'rate-limit',
  'junit',
  'json',
  'min-coverage',
  'timeout',
] as const;
const SWITCHES = ['read-only', 'strict', 'exercise-rate-limit', 'help'] as const;

/** Each flag of another API's scenario module, with that API's name. */
function flagsOfOtherApis(api: string): Map<string, string> {
  const flags = new Map<string, string>();
  for (const other of testableApis()) {
    if (other === api) {
      continue;
    }
    for (const option of scenarioModule(other)?.options ?? []) {
      if (!flags.has(option.flag)) {
        flags.set(option.flag, other);
      }
    }
  }
  return flags;
}

function split(
  argv: readonly string[],
  valueFlags: Set<string>,
  problems: string[],
  { api, foreign }: { api: string; foreign: Map<string, string> },
) {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h') {
      switches.add('help');
      continue;
    }
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      problems.push(`unexpected argument ${JSON.stringify(arg)} (options start with --)`);
      continue;
    }
    const [, name = '', inline] = match;
    if ((SWITCHES as readonly string[]).includes(name)) {
      if (inline !== undefined) {
        problems.push(`--${name} takes no value`);
      }
      switches.add(name);
    } else if (valueFlags.has(name)) {
      const value = inline ?? argv[i + 1];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) {
        if (name !== 'api') {
          problems.push(`--${name} needs a value`); // parseArgs says it of --api, naming the APIs
        }
        continue;
      }
      if (inline === undefined) {
        i++;
      }
      if (values.has(name)) {
        problems.push(`--${name} is given twice`);
      }
      values.set(name, value);
    } else if (foreign.has(name)) {
      problems.push(`--${name} belongs to --api ${foreign.get(name)}; this run is --api ${api}`);
      // Its value, if it was given apart, is not one more unexpected argument.
      if (inline === undefined && argv[i + 1] !== undefined && !argv[i + 1]?.startsWith('--')) {
        i++;
      }
    } else {
      problems.push(`unknown option --${name}`);
    }
  }
  return { values, switches };
}

/** The longest `--timeout`, as runSuite's `timeoutMs`. */
const MAX_TIMEOUT_S = MAX_TIMEOUT_MS / 1000;

/** `--timeout` in milliseconds: plain seconds (`30`, `2.5`), `…s` or `…ms`; undefined when out of range or not a duration. */
function parseTimeout(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const ms = Math.round(Number(match[1]) * (match[2] === 'ms' ? 1 : 1000));
  return ms >= 1 && ms <= MAX_TIMEOUT_S * 1000 ? ms : undefined;
}

function checkUrl(value: string | undefined, problems: string[]): void {
  if (value === undefined) {
    problems.push('--base-url is required (for example --base-url https://api.webflow.com/v2)');
    return;
  }
  problems.push(...baseUrlProblems(value, { option: '--base-url', token: '--token' }));
}

/** The module's variables as the flags give them, with what is wrong with them added to `problems`. */
function moduleVars(options: readonly OptionSpec[], values: Map<string, string>, problems: string[]) {
  const vars: Record<string, string> = {};
  for (const option of options) {
    const value = values.get(option.flag);
    if (value !== undefined) {
      vars[option.name] = value;
    }
  }
  problems.push(...moduleOptionProblems(options, vars, CLI_OPTION_NAMES.moduleOption));
  return vars;
}

/** Whether an API's spec asks for credentials on any operation (then `--token` is required). */
export function declaresSecurity(api: string): boolean {
  return getContract(api as ApiName).operations.some((op) =>
    op.security.some((requirement) => Object.keys(requirement).length > 0),
  );
}

/**
 * Parses `assetkit-conformance` arguments. `--api` is read first, because the flags a scenario
 * module needs (`--site-id`) come from that module. Every problem is reported at once (with an
 * unknown `--api`, the flags of the API's own module go unchecked).
 *
 * @example
 * parseArgs(['--base-url', 'http://127.0.0.1:4010', '--token', 't', '--site-id', '65f0a1b2c3d4e5f6a7b8c9d0']);
 * // { kind: 'run', options: { api: 'webflow-assets', … } }
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const apiIndex = argv.findIndex((a) => a === '--api' || a.startsWith('--api='));
  const apiArg =
    apiIndex < 0 ? undefined : argv[apiIndex]?.startsWith('--api=') ? argv[apiIndex]?.slice(6) : argv[apiIndex + 1];
  const problems: string[] = [];
  const api = apiArg ?? 'webflow-assets';
  let module = scenarioModule(api);
  if (apiIndex >= 0 && (apiArg === undefined || apiArg === '' || apiArg.startsWith('--'))) {
    problems.push(`--api needs a value: one of ${testableApis().join(', ')}`);
    module = undefined;
  } else if (!module) {
    problems.push(`--api ${JSON.stringify(api)} is not one of: ${testableApis().join(', ')}`);
  }
  // Without a known API, every API's flags are taken (unchecked), so the other problems are still listed.
  const moduleOptions = module ? module.options : testableApis().flatMap((name) => scenarioModule(name)?.options ?? []);
  const valueFlags = new Set<string>([...VALUE_FLAGS, ...moduleOptions.map((o) => o.flag)]);
  const foreign = module ? flagsOfOtherApis(api) : new Map<string, string>();
  const { values, switches } = split(argv, valueFlags, problems, { api, foreign });
  if (switches.has('help') && module) {
    return { kind: 'help', api };
  }
  const baseUrl = values.get('base-url');
  checkUrl(baseUrl, problems);
  const token = values.get('token');
  if (token === '' || (token === undefined && module && declaresSecurity(api))) {
    problems.push('--token is required (an API token with read and write scopes, or read scope with --read-only)');
  }
  const vars = module ? moduleVars(module.options, values, problems) : {};
  const options: CliOptions = {
    api,
    baseUrl: baseUrl ?? '',
    ...(token !== undefined && { token }),
    vars,
    readOnly: switches.has('read-only'),
    strict: switches.has('strict'),
    exerciseRateLimit: switches.has('exercise-rate-limit'),
  };
  const readOnlyToken = values.get('token-read-only');
  if (readOnlyToken !== undefined) {
    options.readOnlyToken = readOnlyToken;
  }
  problems.push(...tokenProblems('--token', token), ...tokenProblems('--token-read-only', readOnlyToken));
  const rate = values.get('rate-limit');
  if (rate !== undefined) {
    const parsed = parseRateLimit(rate);
    if (parsed && 'error' in parsed) {
      problems.push(parsed.error);
    } else {
      options.rateLimit = parsed;
    }
  }
  for (const flag of ['junit', 'json'] as const) {
    const file = values.get(flag);
    if (file !== undefined && file.trim() === '') {
      problems.push(`--${flag} needs a file path, got an empty one`);
    } else if (file !== undefined) {
      options[flag] = file;
    }
  }
  if (options.json !== undefined && options.json === options.junit) {
    problems.push('--json and --junit name the same file; one report would overwrite the other');
  }
  const min = values.get('min-coverage');
  if (min !== undefined) {
    const percent = Number(min.replace(/%$/, ''));
    if (min.trim() === '' || !Number.isFinite(percent) || percent < 0 || percent > 100) {
      problems.push(`--min-coverage must be a percentage from 0 to 100, got ${JSON.stringify(min)}`);
    } else {
      options.minCoverage = percent;
    }
  }
  const timeout = values.get('timeout');
  if (timeout !== undefined) {
    const ms = parseTimeout(timeout);
    if (ms === undefined) {
      problems.push(
        `--timeout must be a duration from 1 ms to ${MAX_TIMEOUT_S} s (30, 2.5s or 500ms), got ${JSON.stringify(timeout)}`,
      );
    } else {
      options.timeoutMs = ms;
    }
  }
  if (problems.length > 0) {
    // The report paths that were given, so the caller can check them too and list every problem at once.
    const reports = [options.junit, options.json].filter((file) => file !== undefined);
    return { kind: 'error', problems, reports };
  }
  return { kind: 'run', options };
}
