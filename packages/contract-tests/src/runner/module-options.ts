import type { OptionSpec } from './scenario-types.js';

/** Requests that change nothing (a run that sent only these has nothing of its own to clean up). */
export const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * What is wrong with a scenario module's variables: each one it requires and lacks, each one its
 * own check refuses, named as the entry point takes it: the CLI by flag (`--site-id`), `runSuite`
 * by variable (`vars.siteId`); a check's problem follows the name (`must be …`).
 *
 * @example
 * moduleOptionProblems(module.options, { siteId: 'abc' }, CLI_OPTION_NAMES.moduleOption);
 * // ['--site-id must be a 24-character hex ObjectId, got "abc"']
 */
export function moduleOptionProblems(
  specs: readonly OptionSpec[],
  vars: Readonly<Record<string, string | undefined>>,
  label: (spec: OptionSpec) => string,
): string[] {
  const problems: string[] = [];
  for (const spec of specs) {
    const value = vars[spec.name];
    if (value === undefined) {
      if (spec.required) {
        problems.push(`${label(spec)} is required: ${spec.description}`);
      }
      continue;
    }
    const problem = spec.validate?.(value);
    if (problem) {
      problems.push(`${label(spec)} ${problem}`);
    }
  }
  return problems;
}
