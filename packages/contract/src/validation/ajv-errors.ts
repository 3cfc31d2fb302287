import type { ErrorObject } from 'ajv';
import { joinPointer } from '../json-pointer.js';
import type { Placements } from '../schema/schema-placements.js';
import { schemaPointer } from '../schema/schema-pointer.js';
import { messageFor } from './messages.js';
import { actualValue, shorten, type Violation, type ViolationLocation } from './violation.js';

/** What turning ajv errors into violations needs to know about the compiled schemas. */
export interface ErrorContext {
  location: ViolationLocation;
  /** Where the schemas reachable from a schema apply (following `$ref`), for grouping branch errors. */
  placements: (schema: unknown) => Placements;
  /** Spec pointer for errors raised by a synthetic wrapper schema (parameter and header objects). */
  fallbackSchemaPath?: (error: ErrorObject) => string | undefined;
}

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** How many reference tokens a JSON pointer has (`''` 0, `/a/0` 2). */
function depthOf(pointer: string): number {
  let depth = 0;
  for (let i = pointer.indexOf('/'); i >= 0; i = pointer.indexOf('/', i + 1)) {
    depth++;
  }
  return depth;
}

/** An anyOf/oneOf that failed: keep the errors of the branch the data most plausibly meant. */
function collapseBranch(alternative: ErrorObject, taken: { error: ErrorObject; branch: number }[]): ErrorObject[] {
  if (taken.length === 0) {
    return [alternative];
  }
  const byBranch = new Map<number, ErrorObject[]>();
  for (const { error, branch } of taken) {
    const errors = byBranch.get(branch);
    if (errors) {
      errors.push(error);
    } else {
      byBranch.set(branch, [error]);
    }
  }
  const wrongType = (errors: ErrorObject[]) =>
    errors.some((e) => e.keyword === 'type' && e.instancePath === alternative.instancePath);
  const plausible = [...byBranch.values()].filter((errors) => !wrongType(errors));
  if (plausible.length === 0) {
    const types = [...byBranch.values()].flat().flatMap((e) => (e.keyword === 'type' ? [e.params.type] : []));
    return [{ ...alternative, keyword: 'type', params: { type: [...new Set(types.flat())] } }];
  }
  return plausible.sort((a, b) => a.length - b.length)[0] as ErrorObject[];
}

/** Groups the branch errors ajv reports before a failed anyOf/oneOf and keeps the best branch. */
function collapseAlternatives(errors: readonly ErrorObject[], ctx: ErrorContext): ErrorObject[] {
  const out: ErrorObject[] = [];
  for (const error of errors) {
    const isAlternative = (error.keyword === 'anyOf' || error.keyword === 'oneOf') && Array.isArray(error.schema);
    if (!isAlternative || (error.keyword === 'oneOf' && Array.isArray(error.params.passingSchemas))) {
      out.push(error);
      continue;
    }
    const branches = (error.schema as unknown[]).map((branch) => ctx.placements(branch));
    const taken: { error: ErrorObject; branch: number }[] = [];
    for (let last = out.at(-1); last && isUnder(last.instancePath, error.instancePath); last = out.at(-1)) {
      const at = schemaPointer(last.parentSchema);
      // Two branches can reach one schema (an item, and a list of items): where the error was
      // raised, relative to the alternative, says which branch it came from.
      const depth = depthOf(last.instancePath) - depthOf(error.instancePath);
      const placedAt = (branch: Placements) => (at === undefined ? undefined : branch.get(at));
      let branch = branches.findIndex((b) => placedAt(b)?.has(depth));
      if (branch < 0) {
        branch = branches.findIndex((b) => placedAt(b) !== undefined);
      }
      if (branch < 0) {
        break;
      }
      taken.push({ error: last, branch });
      out.pop();
    }
    // Taken from the end, so in reverse (pushed and reversed once: unshift made this quadratic).
    taken.reverse();
    for (const kept of collapseBranch(error, taken)) {
      out.push(kept);
    }
  }
  return out;
}

function pointerOf(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  // Errors about a property's name (propertyNames) point at that property, not the whole object.
  const name = p.missingProperty ?? p.additionalProperty ?? p.unevaluatedProperty ?? error.propertyName;
  return typeof name === 'string' ? joinPointer(error.instancePath, name) : error.instancePath;
}

/**
 * A failed `contains` says what was missing; the reasons each item did not match (every item,
 * by design) are noise, so the errors raised inside its subschema are dropped.
 */
function withoutContainsNoise(errors: readonly ErrorObject[]): ErrorObject[] {
  const failed = errors.filter((e) => e.keyword === 'contains').map((e) => `${e.schemaPath}/`);
  return failed.length === 0 ? [...errors] : errors.filter((e) => !failed.some((p) => e.schemaPath.startsWith(p)));
}

function shortName(name: string): string {
  return shorten(name, 60);
}

/**
 * A failed `propertyNames` is reported by the errors that say why (a name too long, a reserved
 * name), each naming the property; ajv's own summary error ("property name must be valid") is
 * dropped when they are there.
 */
function withoutNameSummaries(errors: readonly ErrorObject[]): ErrorObject[] {
  const explained = new Set(
    errors.filter((e) => e.propertyName !== undefined).map((e) => `${e.instancePath} ${e.propertyName}`),
  );
  return errors.filter(
    (e) => e.keyword !== 'propertyNames' || !explained.has(`${e.instancePath} ${String(e.params.propertyName ?? '')}`),
  );
}

/**
 * The most violations one answer lists. A body of 100,000 unknown keys gives 100,000 errors, and
 * listing them all made a 1 MiB request answer 14 MB; the last entry says how many were left out.
 */
export const MAX_VIOLATIONS = 100;

/**
 * Turns ajv errors into violations (at most {@link MAX_VIOLATIONS}): pointers to the offending
 * field (a missing property's pointer names the property), spec pointers to the failing keyword,
 * plain-English messages, one violation per problem (a failed `format` hides the `pattern` that
 * says the same thing).
 *
 * @example
 * toViolations(validate.errors ?? [], { location: 'response.body', placements });
 */
export function toViolations(errors: readonly ErrorObject[], ctx: ErrorContext): Violation[] {
  const collapsed = collapseAlternatives(withoutContainsNoise(withoutNameSummaries(errors)), ctx);
  const formatFailed = new Set(
    collapsed.filter((e) => e.keyword === 'format').map((e) => `${e.instancePath} ${schemaPointer(e.parentSchema)}`),
  );
  const violations: Violation[] = [];
  const restatesFormat = (error: ErrorObject) =>
    error.keyword === 'pattern' && formatFailed.has(`${error.instancePath} ${schemaPointer(error.parentSchema)}`);
  for (const [index, error] of collapsed.entries()) {
    if (violations.length === MAX_VIOLATIONS) {
      const omitted = collapsed.slice(index).filter((e) => !restatesFormat(e)).length;
      if (omitted > 0) {
        violations.push({
          location: ctx.location,
          pointer: '',
          schemaPath: '#',
          keyword: 'truncated',
          message: `and ${omitted} more problem${omitted === 1 ? '' : 's'}, not listed (at most ${MAX_VIOLATIONS} are)`,
          omitted,
        });
      }
      break;
    }
    if (restatesFormat(error)) {
      continue;
    }
    const parent = schemaPointer(error.parentSchema);
    const schemaPath = parent
      ? `${parent}/${error.schemaPath.split('/').at(-1) ?? error.keyword}`
      : (ctx.fallbackSchemaPath?.(error) ?? '#');
    const violation: Violation = {
      location: ctx.location,
      pointer: pointerOf(error),
      schemaPath,
      keyword: error.keyword,
      message:
        error.propertyName === undefined
          ? messageFor(error)
          : `property name ${JSON.stringify(shortName(error.propertyName))} ${messageFor(error)}`,
    };
    const actual = error.keyword === 'required' ? undefined : actualValue(error.data);
    if (actual !== undefined) {
      violation.actual = actual;
    }
    violations.push(violation);
  }
  return violations;
}
