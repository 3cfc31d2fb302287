import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `setFlagsFromString` ignores a flag V8 does not know, so a renamed flag would silently stop
// working. The command line does not ignore one: it refuses to start.
describe('engine tuning', () => {
  const flags = [
    ...readFileSync(new URL('./engine-tuning.ts', import.meta.url), 'utf8').matchAll(
      /setFlagsFromString\('([^']+)'\)/g,
    ),
  ].map((m) => m[1] as string);

  it('sets at least one flag', () => {
    expect(flags).toContain('--no-allocation-site-pretenuring');
  });

  it.each(flags)('sets %s, a flag this Node’s V8 knows', (flag) => {
    const run = spawnSync(process.execPath, [flag, '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('a flag V8 does not know is refused on the command line (so the check above can fail)', () => {
    const run = spawnSync(process.execPath, ['--no-such-v8-flag-at-all', '-e', '0'], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
  });
});
