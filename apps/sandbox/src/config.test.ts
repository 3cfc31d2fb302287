import { describe, expect, it } from 'vitest';
import { loadConfig, parseTokenList, resolveConfig } from './config.js';
import { SANDBOX_DEFAULTS } from './defaults.js';
import { ConfigError } from './errors.js';

const SITE = SANDBOX_DEFAULTS.siteId;

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    const config = loadConfig({}, '/work');
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 4010,
      dataDir: '/work/.data/sandbox',
      publicUrl: undefined,
      rateLimitPerMinute: 60,
      siteId: SITE,
      token: 'sandbox-token',
      readOnlyToken: 'sandbox-read-token',
      adminToken: 'sandbox-admin-token',
      faults: null,
      uploadSecret: undefined,
      uploadExpirySeconds: 3600,
      siteIds: [SITE],
    });
    expect(config.tokens).toEqual([
      { token: 'sandbox-token', scopes: ['assets:read', 'assets:write'], siteIds: [SITE] },
      { token: 'sandbox-read-token', scopes: ['assets:read'], siteIds: [SITE] },
    ]);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const other = 'aaaaaaaaaaaaaaaaaaaaaaaa';
    const config = loadConfig(
      {
        PORT: '0',
        HOST: '0.0.0.0',
        DATA_DIR: '/var/lib/sandbox',
        PUBLIC_URL: 'https://sandbox.example.test/',
        RATE_LIMIT_PER_MINUTE: '120',
        SANDBOX_SITE_ID: 'BBBBBBBBBBBBBBBBBBBBBBBB',
        SANDBOX_TOKEN: 'rw',
        SANDBOX_READ_TOKEN: 'ro',
        ADMIN_TOKEN: 'root',
        SANDBOX_TOKENS: `ci=assets:read assets:write@${other};reader=assets:read`,
        FAULTS: '{"latencyMs": 5}',
        UPLOAD_SECRET: 'a-secret-of-enough-length',
        UPLOAD_EXPIRY_SECONDS: '60',
        LOG_LEVEL: 'debug',
      },
      '/work',
    );
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/var/lib/sandbox',
      publicUrl: 'https://sandbox.example.test',
      rateLimitPerMinute: 120,
      siteId: 'bbbbbbbbbbbbbbbbbbbbbbbb',
      adminToken: 'root',
      faults: { latencyMs: 5 },
      uploadExpirySeconds: 60,
      logLevel: 'debug',
      siteIds: ['bbbbbbbbbbbbbbbbbbbbbbbb', other],
    });
    expect(config.tokens.map((t) => [t.token, t.scopes.join(' '), t.siteIds.join(',')])).toEqual([
      ['rw', 'assets:read assets:write', 'bbbbbbbbbbbbbbbbbbbbbbbb'],
      ['ro', 'assets:read', 'bbbbbbbbbbbbbbbbbbbbbbbb'],
      ['ci', 'assets:read assets:write', other],
      ['reader', 'assets:read', 'bbbbbbbbbbbbbbbbbbbbbbbb'],
    ]);
  });

  it('lists every problem in one error', () => {
    let error: unknown;
    try {
      loadConfig(
        {
          PORT: 'eighty',
          RATE_LIMIT_PER_MINUTE: '0',
          SANDBOX_SITE_ID: 'site-1',
          PUBLIC_URL: 'ftp://x',
          FAULTS: '{nope',
          SANDBOX_TOKENS: 'broken;t=READ@zzz',
          UPLOAD_SECRET: 'short',
          ADMIN_TOKEN: 'sandbox-token',
          LOG_LEVEL: 'loud',
        },
        '/work',
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'PORT',
      'RATE_LIMIT_PER_MINUTE',
      'SANDBOX_SITE_ID',
      'PUBLIC_URL',
      'FAULTS',
      'SANDBOX_TOKENS',
      'UPLOAD_SECRET',
      'defined twice',
      'LOG_LEVEL',
    ]) {
      expect(problems).toContain(name);
    }
    expect((error as ConfigError).problems.length).toBeGreaterThanOrEqual(10);
  });

  it('refuses a scope one typo away from one the API uses, and keeps scopes of other APIs', () => {
    const problemsOf = (tokens: string) => {
      try {
        loadConfig({ SANDBOX_TOKENS: tokens }, '/work');
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problemsOf('ci=assets:reed assets:wirte;other=asset:read')).toEqual([
      'token "ci": scope "assets:reed" is not one the API uses (assets:read, assets:write); did you mean "assets:read"?',
      'token "ci": scope "assets:wirte" is not one the API uses (assets:read, assets:write); did you mean "assets:write"?',
      'token "other": scope "asset:read" is not one the API uses (assets:read, assets:write); did you mean "assets:read"?',
    ]);
    // A Webflow token may hold scopes of other APIs: they open nothing here, and are no typo.
    expect(problemsOf('ci=assets:read sites:read cms:write pages:read')).toEqual([]);
    const config = loadConfig({ SANDBOX_TOKENS: 'ci=assets:read sites:read' }, '/work');
    expect(config.tokens.find((t) => t.token === 'ci')?.scopes).toEqual(['assets:read', 'sites:read']);
  });

  it('refuses a token given from code with no scopes, like one in SANDBOX_TOKENS', () => {
    expect(() => resolveConfig({ extraTokens: [{ token: 'ci', scopes: [], siteIds: [SITE] }] }, '/work')).toThrow(
      'SANDBOX_TOKENS: token "ci" has no scopes, so it could call nothing: give it at least one (assets:read, assets:write)',
    );
  });

  it('takes a base64-style token ending in = from SANDBOX_TOKENS', () => {
    const config = loadConfig({ SANDBOX_TOKENS: 'YWJjZGVmZ2g===assets:read assets:write' }, '/work');
    expect(config.tokens.at(-1)).toEqual({
      token: 'YWJjZGVmZ2g==',
      scopes: ['assets:read', 'assets:write'],
      siteIds: [SITE],
    });
  });

  it('refuses a RATE_LIMIT_PER_MINUTE its X-RateLimit-* headers cannot carry as integers', () => {
    // 1e21 passed, and every answer then said `X-RateLimit-Limit: 1e+21`, which breaks the spec.
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '1000000000000000000000' }, '/work')).toThrow(
      'RATE_LIMIT_PER_MINUTE 1e+21 must be an integer from 1 to 1000000000',
    );
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '1000000000' }, '/work').rateLimitPerMinute).toBe(1_000_000_000);
  });

  it('validates FAULTS like the admin endpoint does', () => {
    expect(() => loadConfig({ FAULTS: '{"error":{"status":418}}' }, '/work')).toThrow(/FAULTS \/error\/status/);
  });
});

describe('parseTokenList', () => {
  it('parses tokens with scopes and sites, defaulting to the default site', () => {
    const problems: string[] = [];
    expect(
      parseTokenList(` a=assets:read+assets:write ; b=assets:read@${SITE};; c=sites:read`, SITE, problems),
    ).toEqual([
      { token: 'a', scopes: ['assets:read', 'assets:write'], siteIds: [SITE] },
      { token: 'b', scopes: ['assets:read'], siteIds: [SITE] },
      { token: 'c', scopes: ['sites:read'], siteIds: [SITE] },
    ]);
    expect(problems).toEqual([]);
  });

  // Found in review: `ci=` (and `ci=@site`) was accepted, a token that could call nothing and
  // answered 403 missing_scopes to everything, with nothing at start-up to say why.
  it('refuses an entry without scopes, naming it', () => {
    const problems: string[] = [];
    parseTokenList(`ok=assets:read;ci=;ci2= @${SITE}`, SITE, problems);
    expect(problems).toEqual([
      'SANDBOX_TOKENS entry 2 ("ci=") gives ci no scopes, so it could call nothing: list at least one (assets:read, assets:write)',
      `SANDBOX_TOKENS entry 3 ("ci2= @${SITE}") gives ci2 no scopes, so it could call nothing: list at least one (assets:read, assets:write)`,
    ]);
  });

  // Found in review: the entry was split at its first `=`, so a base64-style token
  // (`YWJjZA==`) became token `YWJjZA` with the scope `==assets:read`, a start-up error.
  it('splits an entry at its last = before the sites, so a token may contain or end with =', () => {
    const problems: string[] = [];
    expect(parseTokenList(`YWJjZA===assets:read;a=b=assets:write@${SITE};c2Vj+/==assets:read`, SITE, problems)).toEqual(
      [
        { token: 'YWJjZA==', scopes: ['assets:read'], siteIds: [SITE] },
        { token: 'a=b', scopes: ['assets:write'], siteIds: [SITE] },
        { token: 'c2Vj+/=', scopes: ['assets:read'], siteIds: [SITE] },
      ],
    );
    expect(problems).toEqual([]);
  });

  it('still refuses an entry with no = at all, or nothing before it', () => {
    const problems: string[] = [];
    parseTokenList('lonely;=assets:read', SITE, problems);
    expect(problems).toEqual([
      'SANDBOX_TOKENS entry 1 ("lonely") must look like token=scope1 scope2@siteId',
      'SANDBOX_TOKENS entry 2 ("=assets:read") must look like token=scope1 scope2@siteId',
    ]);
  });

  it('refuses a second @ in an entry rather than drop the sites after it', () => {
    // `ci=assets:read@A@B` gave ci site A only, and site B was never created.
    const other = 'aaaaaaaaaaaaaaaaaaaaaaaa';
    const problems: string[] = [];
    parseTokenList(`ci=assets:read@${SITE}@${other}`, SITE, problems);
    expect(problems).toEqual([
      `SANDBOX_TOKENS entry 1 ("ci=assets:read@${SITE}@${other}") has more than one @: separate its sites with commas`,
    ]);
  });
});
