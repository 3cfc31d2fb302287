import { runContractSuite } from '../src/vitest.js';
import { SECONDARY_LOCALE } from './helpers.js';
import { PROXY_KEYS, startProxyStack } from './proxy-stack.js';

// The Webflow API through the validating proxy: the suite holds proxy keys, the proxy the sandbox token.
runContractSuite({
  name: 'proxy (webflow-assets)',
  target: async () => {
    const stack = await startProxyStack('webflow-assets');
    const vars = { siteId: stack.sandbox.siteId, localeId: SECONDARY_LOCALE };
    return { baseUrl: stack.url, token: PROXY_KEYS.writer, readOnlyToken: PROXY_KEYS.reader, vars, close: stack.close };
  },
});

// Keys bound to the site, as the README recommends: an unknown site is then one the key may not act
// on, and the proxy answers 403 ("may not act on this site"), which the spec documents.
runContractSuite({
  name: 'proxy with site-bound keys (webflow-assets)',
  target: async () => {
    const stack = await startProxyStack('webflow-assets', { siteBound: true });
    const vars = { siteId: stack.sandbox.siteId, localeId: SECONDARY_LOCALE };
    return { baseUrl: stack.url, token: PROXY_KEYS.writer, readOnlyToken: PROXY_KEYS.reader, vars, close: stack.close };
  },
});
