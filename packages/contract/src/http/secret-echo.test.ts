import { describe, expect, it } from 'vitest';
import { isEcho, replaceSecret } from './secret-echo.js';

describe('replaceSecret and isEcho', () => {
  it('replaces a short secret only apart from letters and digits', () => {
    expect(replaceSecret('application/json; token=t; Bearer t.', 't', '<r>')).toBe(
      'application/json; token=<r>; Bearer <r>.',
    );
    expect(replaceSecret('test testing "test"', 'test', '<r>')).toBe('<r> testing "<r>"');
  });

  it('replaces a secret of 16 characters or more wherever it is', () => {
    const secret = 'a1b2c3d4e5f6a7b8';
    expect(replaceSecret(`x${secret}${secret}y`, secret, '<r>')).toBe('x<r><r>y');
  });

  it('leaves a text without the secret, or an empty secret, alone', () => {
    expect(replaceSecret('nothing here', 'zz', '<r>')).toBe('nothing here');
    expect(replaceSecret('abc', '', '<r>')).toBe('abc');
  });

  it('reads bytes as well as characters', () => {
    const bytes = Buffer.from('"t" at');
    expect(isEcho('t', (i) => bytes[i], 1, 2)).toBe(true);
    expect(isEcho('t', (i) => bytes[i], 5, 6)).toBe(false);
  });
});
