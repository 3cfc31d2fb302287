/**
 * The sandbox's fixed, documented defaults: the seeded site, its locales and the tokens it
 * answers to. Tests, the proxy and the README all rely on these exact values.
 *
 * @example
 * import { SANDBOX_DEFAULTS } from '@assetkit/sandbox';
 * fetch(`${url}/v2/sites/${SANDBOX_DEFAULTS.siteId}/assets`, {
 *   headers: { authorization: `Bearer ${SANDBOX_DEFAULTS.token}` },
 * });
 */
export const SANDBOX_DEFAULTS = Object.freeze({
  /** The seeded site (24-hex ObjectId). */
  siteId: '65f0a1b2c3d4e5f6a7b8c9d0',
  /** Token with `assets:read assets:write` on the seeded site. */
  token: 'sandbox-token',
  /** Token with `assets:read` only on the seeded site. */
  readOnlyToken: 'sandbox-read-token',
  /** Token for the `/_sandbox/*` admin endpoints (no API access). */
  adminToken: 'sandbox-admin-token',
  host: '127.0.0.1',
  port: 4010,
  rateLimitPerMinute: 60,
  /** Seconds an `uploadDetails` policy stays valid. */
  uploadExpirySeconds: 3600,
  /** The seeded site's locales: requests without `localeId` use the primary one. */
  locales: Object.freeze({
    primary: Object.freeze({ id: '65f0a1b2c3d4e5f6a7b8c9e1', tag: 'en' }),
    secondary: Object.freeze([
      Object.freeze({ id: '65f0a1b2c3d4e5f6a7b8c9e2', tag: 'fr' }),
      Object.freeze({ id: '65f0a1b2c3d4e5f6a7b8c9e3', tag: 'de' }),
    ]),
  }),
});

/** Scopes the default read-write token holds. */
export const READ_WRITE_SCOPES: readonly string[] = Object.freeze(['assets:read', 'assets:write']);
/** Scopes the default read-only token holds. */
export const READ_ONLY_SCOPES: readonly string[] = Object.freeze(['assets:read']);
