import { SANDBOX_DEFAULTS } from '@assetkit/sandbox';
import { describe, expect, it } from 'vitest';
import { runLifecycle } from '../examples/lifecycle.js';
import { type StartTarget, startSandboxTarget, useTarget } from './helpers.js';
import { startProxyTarget } from './proxy-target.js';

const FRENCH = SANDBOX_DEFAULTS.locales.secondary[0]?.id ?? '';

// The README's example must keep working: it runs here against a real sandbox, and through the
// validating proxy in front of one.
describe.each([
  ['the sandbox', startSandboxTarget],
  ['the proxy', startProxyTarget],
] as [string, StartTarget][])('examples/lifecycle.ts against %s', (_name, start) => {
  const target = useTarget(start);

  it('uploads, finds, renames, localizes and deletes an asset', async () => {
    const lines: string[] = [];
    const { baseUrl, token, siteId } = target();
    const result = await runLifecycle({ baseUrl, token, siteId, localeId: FRENCH, log: (line) => lines.push(line) });
    expect(result.found).toBe(true);
    expect(result.uploaded.size).toBeGreaterThan(0);
    expect(result.renamed.displayName).toBe('Logo (renamed)');
    expect(result.localized.altText).toBe('Notre logo');
    expect(result.goneCode).toBe('resource_not_found');
    expect(lines).toHaveLength(5);
  });
});
