import { runContractSuite } from '../src/vitest.js';
import { SECONDARY_LOCALE, startTestSandbox } from './helpers.js';

runContractSuite({
  name: 'sandbox',
  target: async () => {
    const sandbox = await startTestSandbox();
    return {
      baseUrl: sandbox.url,
      token: sandbox.token,
      readOnlyToken: sandbox.readOnlyToken,
      vars: { siteId: sandbox.siteId, localeId: SECONDARY_LOCALE },
      close: () => sandbox.close(),
    };
  },
});
