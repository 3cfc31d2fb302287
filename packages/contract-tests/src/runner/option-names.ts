/** Run options a scenario's skip reason may ask its user to set. */
export interface OptionNames {
  /** Opts in to exhausting the budget (the 429s). */
  exerciseRateLimit: string;
  /** Runs only what does not write. */
  readOnly: string;
  /** A second token, with read scopes only (the 403s of writes). */
  readOnlyToken: string;
}

/**
 * The options as code sets them, in `runSuite`'s options or `runContractSuite`'s (and its target):
 * the default, since the reasons are read where the run was started.
 */
export const CODE_OPTION_NAMES: OptionNames = {
  exerciseRateLimit: 'exerciseRateLimit: true',
  readOnly: 'readOnly: true',
  readOnlyToken: 'readOnlyToken',
};

/** The options as the `assetkit-conformance` command line takes them. */
export const CLI_OPTION_NAMES: OptionNames = {
  exerciseRateLimit: '--exercise-rate-limit',
  readOnly: '--read-only',
  readOnlyToken: '--token-read-only',
};
