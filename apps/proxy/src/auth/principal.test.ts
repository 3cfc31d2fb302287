import { describe, expect, it } from 'vitest';
import { hashKey } from '../config.js';
import { bearerToken, createIdentifier } from './principal.js';

const keys = [
  { name: 'reader', sha256: hashKey('reader-key-0123456789'), scopes: ['assets:read'], sites: null, ratePerMinute: 10 },
  {
    name: 'writer',
    sha256: hashKey('writer-key-0123456789'),
    scopes: ['assets:read', 'assets:write'],
    sites: null,
    ratePerMinute: 10,
  },
];

describe('bearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer   abc  ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, want) => {
    expect(bearerToken(header)).toBe(want);
  });
});

describe('createIdentifier', () => {
  it('finds the key a bearer token is, by hash', () => {
    const identify = createIdentifier({ mode: 'keys', keys });
    expect(identify('Bearer writer-key-0123456789')).toMatchObject({
      kind: 'key',
      key: { name: 'writer' },
      rateKey: 'key:writer',
    });
    expect(identify('Bearer reader-key-0123456789')).toMatchObject({ key: { name: 'reader' } });
  });

  it('knows no one without a valid key', () => {
    const identify = createIdentifier({ mode: 'keys', keys });
    expect(identify('Bearer writer-key-012345678')).toBeNull();
    expect(identify(undefined)).toBeNull();
  });

  it('in passthrough mode, takes any bearer and rate-limits it by a hash, never by the token', () => {
    const principal = createIdentifier({ mode: 'passthrough', keys: [] })('Bearer wf-secret-token');
    expect(principal).toMatchObject({ kind: 'passthrough', token: 'wf-secret-token' });
    expect(principal?.rateKey).toMatch(/^token:[0-9a-f]{16}$/);
    expect(principal?.label).not.toContain('wf-secret-token');
  });
});
