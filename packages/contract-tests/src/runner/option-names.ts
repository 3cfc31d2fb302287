/**
 * The run options a message may ask its user to set or check, named as the entry point the run
 * was started from takes them: skip reasons, the probe's hints, the errors of a run that stops,
 * the lines on the rate limit, and the problems of the module's options.
 */
export interface OptionNames {
  /** Opts in to exhausting the budget (the 429s). */
  exerciseRateLimit: string;
  /** Runs only what does not write. */
  readOnly: string;
  /** A second token, with read scopes only (the 403s of writes). */
  readOnlyToken: string;
  /** Which API (scenario module) is tested. */
  api: string;
  /** The URL of the API under test. */
  baseUrl: string;
  /** The token every call is sent with. */
  token: string;
  /** The run's own rate limit, over what the server announces. */
  rateLimit: string;
  /** How long one request may take. */
  timeout: string;
  /** One of the scenario module's options (`siteId`, its flag `site-id`). */
  moduleOption(option: { name: string; flag: string }): string;
}

/**
 * The options as code sets them, in `runSuite`'s options or `runContractSuite`'s (and its target):
 * the default, since the messages are read where the run was started.
 */
export const CODE_OPTION_NAMES: OptionNames = {
  exerciseRateLimit: 'exerciseRateLimit: true',
  readOnly: 'readOnly: true',
  readOnlyToken: 'readOnlyToken',
  api: 'module',
  baseUrl: 'baseUrl',
  token: 'token',
  rateLimit: 'rateLimit',
  timeout: 'timeoutMs',
  moduleOption: ({ name }) => `vars.${name}`,
};

/** The options as the `assetkit-conformance` command line takes them. */
export const CLI_OPTION_NAMES: OptionNames = {
  exerciseRateLimit: '--exercise-rate-limit',
  readOnly: '--read-only',
  readOnlyToken: '--token-read-only',
  api: '--api',
  baseUrl: '--base-url',
  token: '--token',
  rateLimit: '--rate-limit',
  timeout: '--timeout',
  moduleOption: ({ flag }) => `--${flag}`,
};
