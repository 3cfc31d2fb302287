import { describe, expect, it } from 'vitest';
import { isEcho, replaceSecret } from './secret-echo.js';

describe('replaceSecret and isEcho', () => {
  it('replaces a short secret only where a credential is echoed: after Bearer, as a JSON string, or whole', () => {
    expect(replaceSecret('application/json; token=t; Bearer t.', 't', '<r>')).toBe(
      'application/json; token=t; Bearer <r>.',
    );
    expect(replaceSecret('{"offset":0,"echo":"0","name":"0.png"}', '0', '<r>')).toBe(
      '{"offset":0,"echo":"<r>","name":"0.png"}',
    );
    expect(replaceSecret('json', 'json', '<r>')).toBe('<r>');
    expect(replaceSecret('BEARER test; bearer testing', 'test', '<r>')).toBe('BEARER <r>; bearer testing');
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
