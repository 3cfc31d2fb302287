import { describe, expect, it } from 'vitest';
import { usage } from './usage.js';

describe('usage', () => {
  it('gives Webflow a required --token and the /v2 a bare host gets', () => {
    const text = usage('webflow-assets');
    expect(text).toContain('Usage: assetkit-conformance --base-url URL --token TOKEN [options]');
    expect(text).toContain('a bare host gets the spec’s first server path (/v2)');
    expect(text).toContain('--site-id ID');
  });

  // Found in review: Konifer's help showed --token as required and promised a /v2 it does not have.
  it('gives Konifer an optional --token and its root as the base URL', () => {
    const text = usage('konifer-assets');
    expect(text).toContain('Usage: assetkit-conformance --api konifer-assets --base-url URL [--token TOKEN] [options]');
    expect(text).not.toContain('/v2');
    expect(text).toContain('the server’s root, as given (the API’s paths start with /assets)');
    expect(text).toContain('optional: the API’s spec declares no security');
    expect(text).not.toMatch(/token with read and write scopes/);
    expect(text).toContain('--path-prefix PATH');
  });
});
