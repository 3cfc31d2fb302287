import { summarizeViolations, type Violation } from '@assetkit/contract';

/** A rejection in Konifer's words: its `{message}` body, or the plain text it sends for a missing part. */
export type KoniferRejection = { status: 400; message: string } | { status: 400; text: string };

interface Rule {
  matches(v: Violation, field: string): boolean;
  message(v: Violation): string;
}

const isBody = (v: Violation) => v.location === 'body';

/**
 * Konifer's own messages, in the order its request class checks them (the first that applies
 * wins, as Kotlin's `require` chain stops at the first failure).
 */
const RULES: readonly Rule[] = [
  {
    matches: (v, f) => isBody(v) && f === '/alt' && v.keyword === 'maxLength',
    message: () => 'Alt exceeds max length of 125',
  },
  {
    matches: (v, f) => isBody(v) && /^\/labels\/[^/]+$/.test(f) && v.keyword === 'maxLength',
    message: () => 'Labels exceed max length of (128, 256)',
  },
  {
    matches: (v, f) => isBody(v) && f === '/labels' && v.keyword === 'maxProperties',
    message: () => 'Cannot have more than 50 labels',
  },
  {
    matches: (v, f) => isBody(v) && /^\/tags\/\d+$/.test(f) && v.keyword === 'maxLength',
    message: () => 'Tags exceeds max length of 256',
  },
  {
    matches: (v, f) => isBody(v) && f === '/tags' && v.keyword === 'maxItems',
    message: () => 'Tags exceeds max length of 50',
  },
  {
    matches: (v) => v.location === 'path' && v.pointer === '/path',
    message: (v) => `Invalid path: ${String(v.actual ?? '')}`,
  },
  {
    matches: (v) => v.location === 'query' && v.pointer === '/limit' && v.keyword === 'maximum',
    message: () => 'Cannot specify limit when performing recursive delete',
  },
  {
    // A reserved name as a label filter (the violation points at the name sent, `/w`).
    matches: (v) => v.location === 'query' && v.schemaPath === '#/components/schemas/LabelFilters/propertyNames/not',
    message: () => 'Cannot specify image attributes when requesting asset metadata',
  },
];

/** Where in the request body a violation is, seen from the metadata (a multipart `metadata` part or a JSON body). */
function fieldOf(v: Violation): string {
  return v.pointer.startsWith('/metadata/') ? v.pointer.slice('/metadata'.length) : v.pointer;
}

/**
 * Turns the contract's violations of a Konifer request into the answer Konifer gives: its
 * message for the limits it checks, plain text for a multipart store missing a part, and the
 * contract's own description for everything Konifer has no message of its own for.
 *
 * @example
 * koniferRejection([{ location: 'body', pointer: '/alt', keyword: 'maxLength', … }]);
 * // { status: 400, message: 'Alt exceeds max length of 125' }
 */
export function koniferRejection(violations: readonly Violation[]): KoniferRejection {
  const missing = (part: string) =>
    violations.some((v) => isBody(v) && v.pointer === `/${part}` && v.keyword === 'required');
  if (missing('metadata')) {
    return { status: 400, text: 'No asset metadata supplied' };
  }
  if (missing('asset')) {
    return { status: 400, text: 'No asset payload supplied' };
  }
  for (const rule of RULES) {
    const hit = violations.find((v) => rule.matches(v, fieldOf(v)));
    if (hit) {
      return { status: 400, message: rule.message(hit) };
    }
  }
  return { status: 400, message: summarizeViolations(violations, 3) };
}
