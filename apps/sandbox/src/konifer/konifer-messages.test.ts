import type { Violation } from '@assetkit/contract';
import { describe, expect, it } from 'vitest';
import { koniferRejection } from './konifer-messages.js';

const v = (location: Violation['location'], pointer: string, keyword: string, actual?: unknown): Violation => ({
  location,
  pointer,
  keyword,
  schemaPath: '#',
  message: `${keyword} failed`,
  ...(actual !== undefined && { actual: actual as Violation['actual'] }),
});

describe('koniferRejection', () => {
  it.each([
    [
      'the first of Konifer’s checks when several fail',
      [v('body', '/tags', 'maxItems'), v('body', '/alt', 'maxLength')],
      { message: 'Alt exceeds max length of 125' },
    ],
    [
      'a limit inside a multipart metadata part',
      [v('body', '/metadata/labels/k', 'maxLength')],
      { message: 'Labels exceed max length of (128, 256)' },
    ],
    [
      'a missing metadata part, in plain text',
      [v('body', '/metadata', 'required')],
      { text: 'No asset metadata supplied' },
    ],
    ['a missing asset part, in plain text', [v('body', '/asset', 'required')], { text: 'No asset payload supplied' }],
    ['an invalid path', [v('path', '/path', 'pattern', 'a/-/b')], { message: 'Invalid path: a/-/b' }],
    [
      'a reserved name as a label filter, pointed at by the name sent',
      [{ ...v('query', '/w', 'not'), schemaPath: '#/components/schemas/LabelFilters/propertyNames/not' }],
      { message: 'Cannot specify image attributes when requesting asset metadata' },
    ],
    [
      'anything Konifer has no words for, in the contract’s',
      [v('query', '/limit', 'type')],
      { message: 'query /limit: type failed' },
    ],
  ])('words %s', (_name, violations, want) => {
    expect(koniferRejection(violations)).toEqual({ status: 400, ...want });
  });
});
