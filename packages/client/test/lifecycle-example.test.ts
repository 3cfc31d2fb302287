import { SANDBOX_DEFAULTS } from '@assetkit/sandbox';
import { describe, expect, it } from 'vitest';
import { runLifecycle } from '../examples/lifecycle.js';
import { startSandboxTarget, useTarget } from './helpers.js';

const FRENCH = SANDBOX_DEFAULTS.locales.secondary[0]?.id ?? '';

// The README's example must keep working: it runs here against a real sandbox.
describe('examples/lifecycle.ts', () => {
  const target = useTarget(startSandboxTarget);

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
