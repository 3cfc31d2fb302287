/**
 * The module's options by name and flag, for the messages that name one: each entry point names it
 * its own way (`config.optionNames.moduleOption(SITE_OPTION)`: `--site-id`, `vars.siteId`).
 */
export const SITE_OPTION = { name: 'siteId', flag: 'site-id' } as const;

/** The secondary locale the suite patches `altText` for (see {@link SITE_OPTION}). */
export const LOCALE_OPTION = { name: 'localeId', flag: 'locale-id' } as const;
