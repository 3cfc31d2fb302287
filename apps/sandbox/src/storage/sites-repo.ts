import type { Db } from './database.js';
import { newObjectId } from './object-id.js';

/** A locale of a site; `altText` is stored per locale. */
export interface Locale {
  id: string;
  tag: string;
  primary: boolean;
}

/** A site to seed, with the locales it starts with (only used when the site has none yet). */
export interface SiteSeed {
  id: string;
  locales?: readonly { id: string; tag: string; primary: boolean }[];
}

/** Sites and their locales. */
export interface SitesRepo {
  exists(siteId: string): boolean;
  /** The site's locales, primary first. */
  locales(siteId: string): Locale[];
  /** Creates missing sites (and their locales) in one transaction; existing data is kept. */
  seed(sites: readonly SiteSeed[], now: number): void;
}

/**
 * The sites table: seeded at startup, read on every site-scoped request.
 *
 * @example
 * const sites = createSitesRepo(db);
 * sites.seed([{ id: SANDBOX_DEFAULTS.siteId }], Date.now());
 */
export function createSitesRepo(db: Db): SitesRepo {
  const exists = db.prepare('SELECT 1 FROM sites WHERE id = ?').pluck();
  const locales = db.prepare(
    'SELECT id, tag, is_primary AS isPrimary FROM locales WHERE site_id = ? ORDER BY is_primary DESC, tag',
  );
  const insertSite = db.prepare('INSERT OR IGNORE INTO sites (id, created_on) VALUES (?, ?)');
  const countLocales = db.prepare('SELECT COUNT(*) FROM locales WHERE site_id = ?').pluck();
  const insertLocale = db.prepare('INSERT INTO locales (site_id, id, tag, is_primary) VALUES (?, ?, ?, ?)');
  const seed = db.transaction((sites: readonly SiteSeed[], now: number) => {
    for (const site of sites) {
      insertSite.run(site.id, new Date(now).toISOString());
      if ((countLocales.get(site.id) as number) > 0) {
        continue;
      }
      const wanted = site.locales ?? [{ id: newObjectId(now), tag: 'en', primary: true }];
      for (const locale of wanted) {
        insertLocale.run(site.id, locale.id, locale.tag, locale.primary ? 1 : 0);
      }
    }
  });
  return {
    exists: (siteId) => exists.get(siteId) !== undefined,
    locales: (siteId) =>
      (locales.all(siteId) as { id: string; tag: string; isPrimary: number }[]).map((l) => ({
        id: l.id,
        tag: l.tag,
        primary: l.isPrimary === 1,
      })),
    seed: (sites, now) => seed.immediate(sites, now),
  };
}
