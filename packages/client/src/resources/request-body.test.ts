import { describe, expect, it } from 'vitest';
import { startSandboxTarget } from '../../test/helpers.js';
import { describeRequestBodies } from '../../test/suites/request-body-suite.js';
import { bodyProblems } from './request-body.js';

// The suites are shared with other targets (the proxy); see test/suites/index.ts.
describeRequestBodies(startSandboxTarget);

// No body of the spec has an object field yet; the walk into one is shown on a table of its own.
describe('bodyProblems on a body with an object field', () => {
  const names = { name: true, meta: { colour: true } } as const;

  it('names an unknown field inside it by its path, with the name it most likely meant', () => {
    expect(bodyProblems('patch-asset', { name: 'x', meta: { color: 'red', size: 1 } }, names)).toEqual([
      'unknown body field "meta.color"; did you mean "meta.colour"?',
      'unknown body field "meta.size" (the body fields are colour)',
    ]);
  });

  it('leaves an object field that is null or no object to the server', () => {
    expect(bodyProblems('patch-asset', { meta: null }, names)).toEqual([]);
    expect(bodyProblems('patch-asset', { meta: [{ colour: 'red' }] }, names)).toEqual([]);
  });
});
