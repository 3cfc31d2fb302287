import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name.js';

describe('closestName', () => {
  it.each([
    ['another case', 'alttext', ['displayName', 'altText'], 'altText'],
    ['one edit away', 'limt', ['offset', 'limit'], 'limit'],
    ['two edits in a nine-letter name', 'dsplayNme', ['displayName', 'altText'], 'displayName'],
    ['nothing for three edits in an eight-letter name', 'maxRetry', ['maxRetries', 'maxDelayMs'], undefined],
    ['two letters swapped, as one edit', 'lsit', ['list', 'limit'], 'list'],
    ['a swap in a longer name', 'parnetFolder', ['parentFolder', 'fileName'], 'parentFolder'],
    ['nothing for a swap and two more edits in an eight-letter name', 'lsitAsst', ['listAssets'], undefined],
    ['nothing close', 'colour', ['displayName', 'altText'], undefined],
    ['no names at all', 'limit', [], undefined],
  ])('finds %s', (_name, name, known, want) => {
    expect(closestName(name, known)).toBe(want);
  });
});
