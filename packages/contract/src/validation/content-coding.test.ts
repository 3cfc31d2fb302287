import { describe, expect, it } from 'vitest';
import { contentCodingProblem } from './content-coding.js';

describe('contentCodingProblem', () => {
  it.each([undefined, '', 'identity'])('accepts %j', (coding) => {
    expect(contentCodingProblem(coding)).toBeUndefined();
  });

  it.each([
    ['gzip', 'Content-Encoding gzip is not accepted; send the body uncompressed'],
    ['identity, gzip', 'Content-Encoding identity, gzip is not accepted; send the body uncompressed'],
    [
      'identity, identity, identity',
      'Content-Encoding "identity, identity, identity" names identity 3 times (two Content-Encoding headers are read as one list): send Content-Encoding: identity once, or none',
    ],
    [
      ', identity',
      'Content-Encoding ", identity" is a list with an empty member: send Content-Encoding: identity, or none',
    ],
  ])('refuses %j saying what to send', (coding, message) => {
    expect(contentCodingProblem(coding)).toBe(message);
  });
});
