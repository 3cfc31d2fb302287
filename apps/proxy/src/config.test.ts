import { constants } from 'node:buffer';
import { resolve } from 'node:path';
import { apiNames, getContract } from '@assetkit/contract';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEMO_KEY, hashKey, loadConfig } from './config.js';

const KEYS = JSON.stringify([
  { name: 'web', key: 'k'.repeat(32), scopes: ['assets:read'], sites: ['65f0a1b2c3d4e5f6a7b8c9d0'] },
]);

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, () => {
      throw new Error('no such file');
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      return [...error.problems];
    }
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('defaults to the embedded sandbox with a demo key, enforcing responses, on 127.0.0.1:8080', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      api: 'webflow-assets',
      upstream: { url: null, token: null, ratePerMinute: 60 },
      auth: { mode: 'keys' },
      responseValidation: 'enforce',
      strictResponses: false,
      requestBodyLimitBytes: 1024 * 1024,
      rateLimit: { perKeyDefault: 30, redisUrl: null },
    });
    expect(config.auth.keys).toHaveLength(1);
    expect(config.auth.keys[0]?.sha256.equals(hashKey(DEMO_KEY))).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads keys, their scopes, sites and budgets, keeping only a hash of each key', () => {
    const config = loadConfig({
      UPSTREAM_URL: 'https://api.webflow.com/',
      UPSTREAM_TOKEN: 'wf-token',
      PROXY_KEYS: KEYS,
    });
    expect(config.upstream.url).toBe('https://api.webflow.com');
    expect(config.auth.keys).toEqual([
      {
        name: 'web',
        sha256: hashKey('k'.repeat(32)),
        scopes: ['assets:read'],
        sites: ['65f0a1b2c3d4e5f6a7b8c9d0'],
        ratePerMinute: 30,
      },
    ]);
    expect(JSON.stringify(config)).not.toContain('k'.repeat(32));
  });

  it('reads keys from a file', () => {
    const config = loadConfig(
      { UPSTREAM_URL: 'https://api.webflow.com', UPSTREAM_TOKEN: 't', PROXY_KEYS_FILE: '/etc/keys.json' },
      (path) => {
        expect(path).toBe('/etc/keys.json');
        return KEYS;
      },
    );
    expect(config.auth.keys[0]?.name).toBe('web');
  });

  it('lists every problem at once', () => {
    expect(
      problems({
        PORT: 'eighty',
        UPSTREAM_URL: 'ftp://example.com',
        RESPONSE_VALIDATION: 'strict',
        REQUEST_BODY_LIMIT: 'lots',
        STRICT_RESPONSES: 'maybe',
        SPEC: 'stripe',
        REDIS_URL: 'http://127.0.0.1:6379',
      }),
    ).toEqual([
      `SPEC must be one of ${apiNames().join(', ')}, got "stripe"`,
      'UPSTREAM_URL must use http: or https:, got ftp:',
      'PORT must be an integer between 0 and 65535, got "eighty"',
      'RESPONSE_VALIDATION must be one of enforce, report, off, got "strict"',
      'STRICT_RESPONSES must be true or false, got "maybe"',
      'REQUEST_BODY_LIMIT must be a size such as 1048576, 512kb or 1mb, got "lots"',
      'REDIS_URL must use redis: or rediss:, got http:',
    ]);
  });

  it('reads the share of response bodies report mode checks, as a decimal or a percentage', () => {
    expect(loadConfig({}).responseSample).toBe(1);
    const sample = (value: string) =>
      loadConfig({ RESPONSE_VALIDATION: 'report', RESPONSE_VALIDATION_SAMPLE: value }).responseSample;
    expect([sample('0.1'), sample('.25'), sample('10%'), sample('0'), sample('1'), sample('100%')]).toEqual([
      0.1, 0.25, 0.1, 0, 1, 1,
    ]);
    const message = (value: string) =>
      `RESPONSE_VALIDATION_SAMPLE must be a fraction from 0 to 1, such as 0.1 or 10%, got ${JSON.stringify(value)}`;
    for (const bad of ['1.5', '-0.1', 'half', '150%', '0.1.2', '1e-1', '%', '.']) {
      expect(problems({ RESPONSE_VALIDATION: 'report', RESPONSE_VALIDATION_SAMPLE: bad })).toEqual([message(bad)]);
    }
  });

  it('refuses a sample in enforce mode (the same broken answer would be a 502 one time, passed on the next)', () => {
    expect(problems({ RESPONSE_VALIDATION_SAMPLE: '0.5' })).toEqual([
      'RESPONSE_VALIDATION_SAMPLE (0.5) checks only some response bodies, which needs RESPONSE_VALIDATION=report: enforce checks every response, or its callers would get a broken answer passed on one time and a 502 the next',
    ]);
    expect(loadConfig({ RESPONSE_VALIDATION_SAMPLE: '1' }).responseSample).toBe(1);
  });

  it('refuses a sample with validation off, which checks no body (the user would believe a share is checked)', () => {
    expect(problems({ RESPONSE_VALIDATION: 'off', RESPONSE_VALIDATION_SAMPLE: '10%' })).toEqual([
      'RESPONSE_VALIDATION_SAMPLE (0.1) does nothing with RESPONSE_VALIDATION=off, which checks no response: unset it, or use RESPONSE_VALIDATION=report to check that share of the bodies',
    ]);
    expect(loadConfig({ RESPONSE_VALIDATION: 'off', RESPONSE_VALIDATION_SAMPLE: '1' }).responseValidation).toBe('off');
  });

  it('reads TRUSTED_PROXIES as addresses and CIDR networks, and names each one it cannot read', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: ' 10.0.0.0/8, 192.168.1.10 ,fd00::/8,::1 ' }).trustedProxies).toEqual([
      { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
      { address: '192.168.1.10', prefix: 32, family: 'ipv4' },
      { address: 'fd00::', prefix: 8, family: 'ipv6' },
      { address: '::1', prefix: 128, family: 'ipv6' },
    ]);
    expect(problems({ TRUSTED_PROXIES: '10.0.0.0/33, lb.internal, fd00::/129, 10.0.0.1/8/8, 10.0.0.0/x' })).toEqual([
      'TRUSTED_PROXIES must be addresses or networks separated by commas, such as 10.0.0.0/8,192.168.1.10,fd00::/8, got "10.0.0.0/33", "lb.internal", "fd00::/129", "10.0.0.1/8/8", "10.0.0.0/x"',
    ]);
    expect(problems({ TRUSTED_PROXIES: ',' })).toEqual([
      'TRUSTED_PROXIES must be addresses or networks separated by commas, such as 10.0.0.0/8,192.168.1.10,fd00::/8, got ","',
    ]);
  });

  // Node fires a longer timer after 1 ms: every upstream request would have been a 504 at once.
  it('refuses durations longer than the longest timer Node can set', () => {
    expect(problems({ UPSTREAM_BODY_TIMEOUT_MS: '3000000000', INBOUND_KEEP_ALIVE_TIMEOUT_MS: '2147483648' })).toEqual([
      'UPSTREAM_BODY_TIMEOUT_MS must be an integer between 1 and 2147483647 (about 24.8 days, the longest timer Node can set), got "3000000000"',
      'INBOUND_KEEP_ALIVE_TIMEOUT_MS must be an integer between 1 and 2147483647 (about 24.8 days, the longest timer Node can set), got "2147483648"',
    ]);
  });

  // Found in review: any pool size was taken; past the process's open-file limit the upstream's
  // sockets and the callers' connections fail with EMFILE under load, not at start-up.
  it('refuses more upstream connections than one process should hold open', () => {
    expect(loadConfig({ UPSTREAM_CONNECTIONS: '1024' }).upstream.connections).toBe(1024);
    for (const raw of ['1025', '1000000']) {
      expect(problems({ UPSTREAM_CONNECTIONS: raw })).toEqual([
        `UPSTREAM_CONNECTIONS must be an integer between 1 and 1024 (each is an open file of the process, whose limit is often 1024, and callers' connections need theirs too), got "${raw}"`,
      ]);
    }
  });

  // Found in review: the scope decision was cached by name, so with two keys named alike (an old
  // read-write key and its read-only replacement) the second got the first one's verdict.
  it('refuses two keys with one name, and an unnamed key whose default name is taken', () => {
    const key = (name: string | undefined, scopes: string[]) => ({
      ...(name ? { name } : {}),
      key: `${name}`.padEnd(20, 'k') + scopes.length,
      scopes,
    });
    expect(
      problems({
        PROXY_KEYS: JSON.stringify([
          key('app', ['assets:read', 'assets:write']),
          key('app', ['assets:read']),
          key('key-3', ['assets:read']),
          key(undefined, ['assets:read']),
        ]),
      }),
    ).toEqual([
      'PROXY_KEYS[1] (app) has the same name as PROXY_KEYS[0]; give each key its own "name"',
      'PROXY_KEYS[3] (key-3) has the same name as PROXY_KEYS[2]; give each key its own "name"',
    ]);
  });

  it('refuses to run an open proxy in front of a real upstream', () => {
    expect(problems({ UPSTREAM_URL: 'https://api.webflow.com', UPSTREAM_TOKEN: 't' })).toEqual([
      'no proxy keys: set PROXY_KEYS or PROXY_KEYS_FILE (an open proxy would hand out the upstream token)',
    ]);
    expect(problems({ UPSTREAM_URL: 'https://api.webflow.com', PROXY_KEYS: KEYS })).toEqual([
      'UPSTREAM_TOKEN is required when UPSTREAM_URL is set (or use AUTH_MODE=passthrough)',
    ]);
  });

  // Found in review: in front of Konifer, which has no credentials, the reason named an upstream
  // token the proxy does not hold.
  // Found in review: it started, and any made-up bearer token then passed, since the upstream
  // checks none: the open proxy the keys mode refuses to be.
  it('refuses AUTH_MODE=passthrough for an API whose spec declares no security', () => {
    const upstreams: Record<string, string>[] = [{}, { UPSTREAM_URL: 'https://konifer.example' }];
    for (const upstream of upstreams) {
      expect(problems({ SPEC: 'konifer-assets', AUTH_MODE: 'passthrough', ...upstream })).toEqual([
        'AUTH_MODE=passthrough forwards each caller’s own token, but the konifer-assets spec declares no security, so the upstream checks none and anyone could use it through the proxy: use AUTH_MODE=keys with PROXY_KEYS',
      ]);
    }
  });

  it('says why keys are needed in front of an upstream without credentials', () => {
    expect(problems({ SPEC: 'konifer-assets', UPSTREAM_URL: 'https://konifer.example' })).toEqual([
      'no proxy keys: set PROXY_KEYS or PROXY_KEYS_FILE (an open proxy would let anyone who reaches it use the upstream)',
    ]);
  });

  it("refuses an upstream URL that ends in the API's own base path (every call would be a 404)", () => {
    const withKeys = { UPSTREAM_TOKEN: 't', PROXY_KEYS: KEYS };
    for (const url of [
      'https://api.webflow.com/v2',
      'https://api.webflow.com/v2/',
      'http://gateway.local/webflow/beta',
    ]) {
      const base = url.includes('beta') ? '/beta' : '/v2';
      const origin = url.replace(/\/(v2|beta)\/?$/, '');
      expect(problems({ UPSTREAM_URL: url, ...withKeys })).toEqual([
        `UPSTREAM_URL must not end in ${base}: callers' paths already begin with it and are appended to UPSTREAM_URL as they come (${url.replace(/\/$/, '')}${base}/… would be requested); use ${origin}`,
      ]);
    }
    // Found in review: the message quoted the URL as given, password and query token included,
    // and cut its suggestion out of the raw text (`use https://api.webflow.com/v2?token=s3c`).
    for (const url of ['https://user:s3cretPassw0rd@api.webflow.com/v2', 'https://api.webflow.com/v2?token=s3cret']) {
      const listed = problems({ UPSTREAM_URL: url, ...withKeys });
      expect(listed.join('\n')).not.toMatch(/s3cret/i);
      expect(listed).toContain(
        "UPSTREAM_URL must not end in /v2: callers' paths already begin with it and are appended to UPSTREAM_URL as they come (https://api.webflow.com/v2/v2/… would be requested); use https://api.webflow.com",
      );
    }
    // A path of the upstream's own (a gateway mounting the API under a prefix) is kept.
    expect(loadConfig({ UPSTREAM_URL: 'http://gateway.local/webflow', ...withKeys }).upstream.url).toBe(
      'http://gateway.local/webflow',
    );
    expect(problems({ UPSTREAM_URL: 'http://gateway.local/v2-mirror', ...withKeys })).toEqual([]);
  });

  it('refuses key entries whose mistakes would widen or silently break a key', () => {
    const site = '65f0a1b2c3d4e5f6a7b8c9d0';
    const entries = [
      // "site" for "sites": before, the key silently had every site.
      { name: 'tenant-a', key: 'tenant-a-key-0123456789', scopes: ['assets:read'], site: [site] },
      { name: 'typo-scope', key: 'typo-scope-key-01234567', scopes: ['assets:raed', 'assets:read assets:write'] },
      { name: 'copy', key: 'tenant-a-key-0123456789', scopes: ['assets:read'] },
      'not an object',
    ];
    expect(
      problems({ UPSTREAM_URL: 'https://api.webflow.com', UPSTREAM_TOKEN: 't', PROXY_KEYS: JSON.stringify(entries) }),
    ).toEqual([
      'PROXY_KEYS[0] (tenant-a) has "site", which a key does not have (its fields: name, key, sha256, scopes, sites, ratePerMinute)',
      'PROXY_KEYS[1] (typo-scope) "scopes" holds "assets:raed", "assets:read assets:write", which no operation asks for (assets:read, assets:write)',
      'PROXY_KEYS[2] (copy) has the same secret as PROXY_KEYS[0]',
      'PROXY_KEYS[3] (key-3) needs "key" (at least 16 characters, sendable as a bearer token: letters, digits and -._~+/ with = at the end) or "sha256" (64 hex characters)',
      'PROXY_KEYS[3] (key-3) must be an object',
      'PROXY_KEYS[3] (key-3) needs "scopes", an array of strings',
    ]);
  });

  // Found in review: both were accepted. A key with no scopes can call nothing, and `sites: []`
  // reads as "no site" as readily as "every site" (it meant no site: every site-bound call a 403).
  it('refuses a key entry with no scopes or an empty list of sites, with every other problem', () => {
    const secret = 'empty-lists-key-0123456789';
    const entries = [
      { name: 'no-scopes', key: secret, scopes: [] },
      { name: 'no-sites', key: 'no-sites-key-0123456789', scopes: ['assets:read'], sites: [] },
    ];
    const found = problems({
      PORT: 'x',
      UPSTREAM_URL: 'https://api.webflow.com',
      UPSTREAM_TOKEN: 't',
      PROXY_KEYS: JSON.stringify(entries),
    });
    expect(found).toEqual([
      'PROXY_KEYS[0] (no-scopes) "scopes" is empty, so the key could call nothing: give the scopes it may use (assets:read, assets:write)',
      'PROXY_KEYS[1] (no-sites) "sites" is empty, which could mean no site or every site: list the sites the key may use, or leave "sites" out for every site',
      'PORT must be an integer between 0 and 65535, got "x"',
    ]);
    expect(found.join('\n')).not.toContain(secret);
    // An API whose spec asks for no scopes: a key's scopes are empty, and it can call everything.
    const konifer = loadConfig({
      SPEC: 'konifer-assets',
      UPSTREAM_URL: 'https://konifer.example',
      PROXY_KEYS: JSON.stringify([{ name: 'k', key: secret, scopes: [] }]),
    });
    expect(konifer.auth.keys[0]?.scopes).toEqual([]);
  });

  // Found in review: accepted, and then only the writes were refused (their site cannot be looked
  // up), while every read went through: a key meant for one tenant read every tenant's data.
  it('refuses "sites" for an API whose spec marks no site (x-assetkit-tenant), naming the entry', () => {
    const keys = [{ name: 'tenant-a', key: 'tenant-a-key-0123456789', scopes: [], sites: ['tenant-a'] }];
    expect(
      problems({ SPEC: 'konifer-assets', UPSTREAM_URL: 'https://konifer.example', PROXY_KEYS: JSON.stringify(keys) }),
    ).toEqual([
      'PROXY_KEYS[0] (tenant-a) has "sites", but the konifer-assets spec marks no site (x-assetkit-tenant) on any operation, so no call could be held to them: leave "sites" out',
    ]);
  });

  // Found in review: any http(s) URL was taken, and callers followed an upstream Location
  // rewritten to https://assets.example.com/?x=1/assets/team/42/… (the query swallowed the path).
  it('refuses a PUBLIC_URL that is not an address callers reach the proxy at', () => {
    for (const url of [
      'https://user:secret@assets.example.com',
      'https://assets.example.com/?x=1',
      'https://assets.example.com#top',
    ]) {
      expect(problems({ PUBLIC_URL: url })).toEqual([
        'PUBLIC_URL must be an origin and path only, as callers reach the proxy: no user:password@, query or fragment',
      ]);
    }
    expect(loadConfig({ PUBLIC_URL: 'https://gateway.example.com/assets/' }).publicUrl).toBe(
      'https://gateway.example.com/assets',
    );
  });

  it('refuses upstream settings that would fail every request', () => {
    const withKeys = { PROXY_KEYS: KEYS };
    expect(problems({ UPSTREAM_URL: 'https://api.webflow.com', UPSTREAM_TOKEN: 'two words', ...withKeys })).toEqual([
      'UPSTREAM_TOKEN holds a space, a control character or a non-ASCII character, which no header can carry',
    ]);
    for (const url of [
      'https://user:secret@api.webflow.com',
      'https://api.webflow.com?token=x',
      'https://api.webflow.com#x',
    ]) {
      expect(problems({ UPSTREAM_URL: url, UPSTREAM_TOKEN: 't', ...withKeys })).toEqual([
        'UPSTREAM_URL must be an origin and path only: no user:password@, query or fragment (put the credential in UPSTREAM_TOKEN)',
      ]);
    }
    expect(problems({ UPSTREAM_MAX_RESPONSE_BYTES: '0' })).toEqual([
      'UPSTREAM_MAX_RESPONSE_BYTES must be at least 1 bytes, got "0"',
    ]);
    // Found in review: any size was taken, 5gb or 99999999999999999999gb (read as 1.07e29): limits
    // beyond what one buffer holds, which the proxy, holding a body whole, could never keep.
    const tooLarge = String(constants.MAX_LENGTH + 1);
    expect(problems({ REQUEST_BODY_LIMIT: '99999999999999999999gb', UPSTREAM_MAX_RESPONSE_BYTES: tooLarge })).toEqual([
      `UPSTREAM_MAX_RESPONSE_BYTES must be at most ${constants.MAX_LENGTH} bytes (the largest buffer Node can hold, and the proxy holds a body whole), got "${tooLarge}"`,
      `REQUEST_BODY_LIMIT must be at most ${constants.MAX_LENGTH} bytes (the largest buffer Node can hold, and the proxy holds a body whole), got "99999999999999999999gb"`,
    ]);
    expect(problems({ REQUEST_BODY_LIMIT: '4gb', UPSTREAM_MAX_RESPONSE_BYTES: '4096mb' })).toEqual([]);
    // Found in review: an empty UPSTREAM_URL (a variable left unset in a deployment) was read as
    // none, and the proxy served the embedded sandbox with the deployment's keys.
    for (const blank of ['', '  ']) {
      expect(problems({ UPSTREAM_URL: blank, UPSTREAM_TOKEN: 't', PROXY_KEYS: KEYS })).toEqual([
        'UPSTREAM_URL is set but empty: give the upstream, such as https://api.webflow.com (or unset it to proxy the embedded sandbox)',
      ]);
    }
    // Found in review: 0 started, then refused every write with a 413.
    expect(problems({ REQUEST_BODY_LIMIT: '0' })).toEqual(['REQUEST_BODY_LIMIT must be at least 1 bytes, got "0"']);
    expect(problems({ AUTH_MODE: 'passthrough', UPSTREAM_URL: 'https://api.webflow.com', ...withKeys })).toEqual([
      'PROXY_KEYS/PROXY_KEYS_FILE do nothing with AUTH_MODE=passthrough (callers send their own token): unset them, or use AUTH_MODE=keys',
    ]);
  });

  // Found in review: /abc passed and crashed the process after its ready line (SELECT NaN).
  // Found in review: a typo in a URL carrying a password put the password in the message.
  it('does not show the user and password of a URL it cannot parse', () => {
    expect(problems({ REDIS_URL: 'redis ://:hunter2-secret@127.0.0.1:6379' })).toEqual([
      'REDIS_URL is not a URL: "redis ://***@127.0.0.1:6379"',
    ]);
    // Found in a second review: a password holding "/", "?", "#" or "@", or a token in a query,
    // was printed whole.
    for (const [name, raw, shown] of [
      ['UPSTREAM_URL', 'https://user:SECRET/PW@api.example.com', 'https://***@api.example.com'],
      ['UPSTREAM_URL', 'https://api.example.com:99999/?token=SECRETQ', 'https://api.example.com:99999/?…'],
      ['REDIS_URL', 'redis://:Zm9v/YmFy+SECRET@127.0.0.1:99999/0', 'redis://***@127.0.0.1:99999/0'],
    ] as const) {
      const listed = problems({ [name]: raw, UPSTREAM_TOKEN: 't', PROXY_KEYS: KEYS });
      expect(listed.join('\n')).not.toMatch(/SECRET|PW/);
      expect(listed).toContain(`${name} is not a URL: ${JSON.stringify(shown)}`);
    }
    expect(problems({ REDIS_URL: 'redis:user:SECRET@127.0.0.1:6379' })).toEqual([
      'REDIS_URL must name a host: redis://[user:password@]host[:port][/database]',
    ]);
  });

  it('refuses a REDIS_URL whose path is not a database number, and takes one that is', () => {
    for (const path of ['/abc', '/0x1', '/-1', '/2/x']) {
      expect(problems({ REDIS_URL: `redis://127.0.0.1:6379${path}` })).toEqual([
        `REDIS_URL's path must be a database number, such as redis://127.0.0.1:6379/2, got ${JSON.stringify(path)}`,
      ]);
    }
    for (const url of ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379/', 'rediss://cache.internal:6380/12']) {
      expect(problems({ REDIS_URL: url })).toEqual([]);
    }
  });

  // Found in review: Node refused the combination after the config had passed, naming no variable.
  it('refuses a headers timeout longer than the request timeout', () => {
    expect(problems({ INBOUND_HEADERS_TIMEOUT_MS: '40000' })).toEqual([
      'INBOUND_HEADERS_TIMEOUT_MS (40000) must not be longer than INBOUND_REQUEST_TIMEOUT_MS (30000): the headers are part of the request',
    ]);
    expect(problems({ INBOUND_HEADERS_TIMEOUT_MS: '40000', INBOUND_REQUEST_TIMEOUT_MS: '40000' })).toEqual([]);
  });

  it('does not add "no proxy keys" when the keys given were refused', () => {
    expect(
      problems({
        UPSTREAM_URL: 'https://api.webflow.com',
        UPSTREAM_TOKEN: 't',
        PROXY_KEYS: '[{"name":"a","key":"short","scopes":["assets:read"]}]',
      }),
    ).toEqual([
      'PROXY_KEYS[0] (a) needs "key" (at least 16 characters, sendable as a bearer token: letters, digits and -._~+/ with = at the end) or "sha256" (64 hex characters)',
    ]);
  });

  // Found in review: each of these was accepted, silently or with a misleading message.
  it('refuses keys given as none, ambiguous entries and budgets beyond exact integers', () => {
    expect(problems({ PROXY_KEYS: '[]' })).toEqual([
      'PROXY_KEYS lists no keys: give at least one (the demo key is used only when neither PROXY_KEYS nor PROXY_KEYS_FILE is set, in front of the embedded sandbox)',
    ]);
    expect(problems({ PROXY_KEYS: '  ', UPSTREAM_URL: 'https://api.webflow.com', UPSTREAM_TOKEN: 't' })).toEqual([
      'PROXY_KEYS is set but empty: give the keys (or unset it to use the demo key in front of the embedded sandbox)',
    ]);
    const entry = { name: 'a', key: 'k'.repeat(32), scopes: ['assets:read'] };
    expect(problems({ PROXY_KEYS: JSON.stringify([{ ...entry, ratePerMinute: 1e300 }]) })).toEqual([
      'PROXY_KEYS[0] (a) "ratePerMinute" must be an integer from 1 to 1000000000',
    ]);
    // Found in review: null took the default (RATE_LIMIT_PER_KEY), where any other bad value is refused.
    expect(
      problems({
        PROXY_KEYS: JSON.stringify([
          { ...entry, ratePerMinute: null },
          { ...entry, name: 'b', key: 'b'.repeat(32), ratePerMinute: '60', scopes: 'assets:read' },
        ]),
      }),
    ).toEqual([
      'PROXY_KEYS[0] (a) "ratePerMinute" must be an integer from 1 to 1000000000',
      'PROXY_KEYS[1] (b) needs "scopes", an array of strings',
      'PROXY_KEYS[1] (b) "ratePerMinute" must be an integer from 1 to 1000000000',
    ]);
    expect(() =>
      loadConfig({ PROXY_KEYS: JSON.stringify([{ ...entry, ratePerMinute: null }]), RATE_LIMIT_PER_KEY: '0' }),
    ).toThrow(
      /RATE_LIMIT_PER_KEY must be an integer between 1 and 1000000000, got "0".*\n.*PROXY_KEYS\[0\] \(a\) "ratePerMinute" must be an integer/s,
    );
    expect(
      loadConfig({ PROXY_KEYS: JSON.stringify([entry]), RATE_LIMIT_PER_KEY: '7' }).auth.keys[0]?.ratePerMinute,
    ).toBe(7);
    expect(problems({ RATE_LIMIT_PER_KEY: '9007199254740991' })).toEqual([
      'RATE_LIMIT_PER_KEY must be an integer between 1 and 1000000000, got "9007199254740991"',
    ]);
    expect(problems({ PROXY_KEYS: JSON.stringify([{ ...entry, sha256: 'a'.repeat(64) }]) })).toEqual([
      'PROXY_KEYS[0] (a) has both "key" and "sha256": give one (the secret, or its SHA-256)',
    ]);
    expect(problems({ PROXY_KEYS: JSON.stringify([{ ...entry, name: 7 }]) })).toEqual([
      'PROXY_KEYS[0] (key-0) "name" must be a non-empty string (or left out, for the default name)',
    ]);
    expect(problems({ PROXY_KEYS: `[{"name":"a","name":"b","key":"${'k'.repeat(32)}","scopes":[]}]` })).toEqual([
      'PROXY_KEYS gives the field /0/name twice: keep one',
    ]);
    // A byte order mark (as Notepad saves a file) is read past.
    expect(
      loadConfig({ PROXY_KEYS_FILE: 'keys.json' }, () => `\uFEFF${JSON.stringify([entry])}`).auth.keys,
    ).toHaveLength(1);
  });

  it('refuses a keys file that is not a regular file instead of hanging on it', () => {
    expect(() => loadConfig({ PROXY_KEYS_FILE: '/dev/zero' })).toThrow(
      /PROXY_KEYS_FILE: cannot read \/dev\/zero \(not a regular file\)/,
    );
  });

  it('explains malformed keys precisely', () => {
    expect(problems({ PROXY_KEYS: '[{"name":"a","key":"short","scopes":"assets:read","ratePerMinute":0}]' })).toEqual([
      'PROXY_KEYS[0] (a) needs "key" (at least 16 characters, sendable as a bearer token: letters, digits and -._~+/ with = at the end) or "sha256" (64 hex characters)',
      'PROXY_KEYS[0] (a) needs "scopes", an array of strings',
      'PROXY_KEYS[0] (a) "ratePerMinute" must be an integer from 1 to 1000000000',
    ]);
    // The README's example pasted as it is: a placeholder key and a placeholder site.
    expect(
      problems({
        PROXY_KEYS: JSON.stringify([
          { name: 'web-app', key: '<a long random secret>', scopes: ['assets:read'], sites: ['<site id>'] },
          {
            name: 'ok',
            key: 'Zm9vYmFyLWJhei0xMjM0NTY3OA==',
            scopes: ['assets:read'],
            sites: ['580e63e98c9a982ac9b8b741'],
          },
        ]),
      }),
    ).toEqual([
      'PROXY_KEYS[0] (web-app) needs "key" (at least 16 characters, sendable as a bearer token: letters, digits and -._~+/ with = at the end) or "sha256" (64 hex characters)',
      'PROXY_KEYS[0] (web-app) "sites" holds "<site id>", not a site id (^[0-9a-fA-F]{24}$)',
    ]);
    expect(problems({ PROXY_KEYS: '{nope' })[0]).toMatch(/^PROXY_KEYS is not valid JSON/);
    // Found in review: V8's message quoted the start of the text, which holds the keys.
    expect(problems({ PROXY_KEYS: 'KEYSECRET-aaaaaaaaaaa' })).toEqual([
      'PROXY_KEYS is not valid JSON (its text is not shown: it holds keys), and must start with [; expected [{"name","key"|"sha256","scopes","sites"?,"ratePerMinute"?}]',
    ]);
    expect(problems({ PROXY_KEYS: '[{"name":"a","key":"KEYSECRET-aaaaaaaaaaa" "scopes":[]}]' })).toEqual([
      'PROXY_KEYS is not valid JSON at character 43 (its text is not shown: it holds keys); expected [{"name","key"|"sha256","scopes","sites"?,"ratePerMinute"?}]',
    ]);
    expect(problems({ PROXY_KEYS_FILE: '/missing.json' })).toEqual([
      'PROXY_KEYS_FILE: cannot read /missing.json (no such file)',
    ]);
  });

  it('finds relative paths from where the command was run (ASSETKIT_CWD), not from apps/proxy', () => {
    const asked: string[] = [];
    const config = loadConfig(
      { ASSETKIT_CWD: '/srv/app', PROXY_KEYS_FILE: 'conf/keys.json', SANDBOX_DATA_DIR: '../data' },
      (path) => {
        asked.push(path);
        return KEYS;
      },
    );
    expect(asked).toEqual(['/srv/app/conf/keys.json']);
    expect(config.sandbox.dataDir).toBe('/srv/data');
    expect(loadConfig({}).sandbox.dataDir).toBe(resolve('.data/sandbox'));
    expect(problems({ ASSETKIT_CWD: '/srv/app', PROXY_KEYS_FILE: './keys.json' })).toEqual([
      'PROXY_KEYS_FILE: cannot read ./keys.json, that is /srv/app/keys.json (no such file)',
    ]);
    // Without ASSETKIT_CWD (the service started directly), the working directory.
    const direct: string[] = [];
    loadConfig({ PROXY_KEYS_FILE: 'keys.json' }, (path) => {
      direct.push(path);
      return KEYS;
    });
    expect(direct).toEqual([`${process.cwd()}/keys.json`]);
  });

  it('supports passthrough mode, where callers bring their own Webflow token', () => {
    const config = loadConfig({ AUTH_MODE: 'passthrough', UPSTREAM_URL: 'https://api.webflow.com' });
    expect(config.auth).toEqual({ mode: 'passthrough', keys: [] });
    expect(
      problems({ AUTH_MODE: 'passthrough', UPSTREAM_URL: 'https://api.webflow.com', UPSTREAM_TOKEN: 'x' }),
    ).toEqual(['UPSTREAM_TOKEN must not be set with AUTH_MODE=passthrough (callers send their own token)']);
  });

  // Any API in openapi/ whose spec asks for no credentials (the proxy only needs its own keys then).
  const withoutSecurity = apiNames().find((name) =>
    getContract(name).operations.every((op) => op.security.every((r) => Object.keys(r).length === 0)),
  );
  it.runIf(withoutSecurity)('needs no UPSTREAM_TOKEN in front of an API whose spec declares no security', () => {
    const config = loadConfig({
      SPEC: withoutSecurity as string,
      UPSTREAM_URL: 'http://upstream.local',
      PROXY_KEYS: JSON.stringify([{ name: 'web', key: 'k'.repeat(32), scopes: [] }]),
    });
    expect(config).toMatchObject({ api: withoutSecurity, upstream: { url: 'http://upstream.local', token: null } });
    expect(problems({ UPSTREAM_URL: 'http://upstream.local', PROXY_KEYS: KEYS })).toEqual([
      'UPSTREAM_TOKEN is required when UPSTREAM_URL is set (or use AUTH_MODE=passthrough)',
    ]);
  });

  it('listens on the HOST given as an address or a name, and refuses a URL or an address with a port', () => {
    for (const [host, listens] of [
      ['0.0.0.0', '0.0.0.0'],
      ['::', '::'],
      ['[::1]', '::1'],
      ['localhost', 'localhost'],
      ['proxy-1.internal', 'proxy-1.internal'],
    ]) {
      expect(loadConfig({ HOST: host as string }).host).toBe(listens);
    }
    expect(problems({ HOST: 'http://0.0.0.0' })).toEqual([
      'HOST must be an address or host name to listen on, such as 127.0.0.1, 0.0.0.0 or ::, got "http://0.0.0.0" (no scheme or port: the port is PORT)',
    ]);
    expect(problems({ HOST: '127.0.0.1:8080' })[0]).toContain('(no scheme or port: the port is PORT)');
    expect(problems({ HOST: 'my host' })).toEqual([
      'HOST must be an address or host name to listen on, such as 127.0.0.1, 0.0.0.0 or ::, got "my host"',
    ]);
  });

  // Found in review: the sandbox took the port, and the proxy then blamed "another proxy".
  it('refuses PORT equal to SANDBOX_PORT when the embedded sandbox runs', () => {
    expect(problems({ PORT: '18000', SANDBOX_PORT: '18000' })).toEqual([
      'PORT and SANDBOX_PORT must differ (both 18000): the embedded sandbox listens on SANDBOX_PORT, the proxy on PORT',
    ]);
    expect(
      problems({
        PORT: '18000',
        SANDBOX_PORT: '18000',
        UPSTREAM_URL: 'http://u',
        UPSTREAM_TOKEN: 't',
        PROXY_KEYS: KEYS,
      }),
    ).toEqual([]);
  });
});
