import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const envExample = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
const turbo = JSON.parse(readFileSync(new URL('../turbo.json', import.meta.url), 'utf8')) as {
  tasks: { start: { env: string[] } };
};

/** Every variable `loadConfig` reads for `env`, recorded as it reads them. */
function variablesRead(env: Record<string, string>): Set<string> {
  const read = new Set<string>();
  const watched = new Proxy(env, {
    get(target, name) {
      if (typeof name === 'string') {
        read.add(name);
      }
      return target[name as string];
    },
  });
  try {
    loadConfig(watched, () => '[]');
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      throw error;
    }
  }
  return read;
}

describe('the documented configuration', () => {
  // The defaults (embedded sandbox), a real upstream with keys from a file, and passthrough mode.
  const read = new Set([
    ...variablesRead({}),
    ...variablesRead({ UPSTREAM_URL: 'https://api.webflow.com', UPSTREAM_TOKEN: 't', PROXY_KEYS_FILE: 'keys.json' }),
    ...variablesRead({ UPSTREAM_URL: 'https://api.webflow.com', AUTH_MODE: 'passthrough' }),
  ]);
  const section = readme.slice(
    readme.indexOf('## The proxy'),
    readme.indexOf('\n## ', readme.indexOf('## The proxy') + 1),
  );

  it('reads a plausible set of variables (the recording works)', () => {
    expect(read).toContain('PORT');
    expect(read).toContain('UPSTREAM_URL');
    expect(read.size).toBeGreaterThan(20);
  });

  it('has a row in the README table for every variable config.ts reads', () => {
    const rows = section.split('\n').filter((line) => line.startsWith('| `'));
    const missing = [...read].filter((name) => !rows.some((row) => row.includes(`\`${name}\``)));
    expect(missing).toEqual([]);
  });

  it('lists every variable in apps/proxy/.env.example', () => {
    const missing = [...read].filter((name) => !new RegExp(`^(# )?${name}=`, 'm').test(envExample));
    expect(missing).toEqual([]);
  });

  // Its header says to export it with `set -a; . ./proxy.env`: a shell strips the double quotes of
  // a JSON value written bare, and the proxy then refused PROXY_KEYS as "not valid JSON".
  it('gives, sourced by a shell as its header says, the example PROXY_KEYS as JSON', () => {
    const line = /^# (PROXY_KEYS=.*)$/m.exec(envExample)?.[1];
    expect(line).toBeDefined();
    const run = spawnSync('sh', ['-c', `set -a; ${line}; set +a; printf %s "$PROXY_KEYS"`], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(() => JSON.parse(run.stdout)).not.toThrow();
    expect(JSON.parse(run.stdout)).toEqual([expect.objectContaining({ name: 'web-app' })]);
  });

  // turbo passes a task only the variables it lists: one missing here would be silently ignored by
  // `turbo run start` (the root `pnpm start` builds with turbo, then runs the service itself).
  it('passes every variable through turbo to its start task', () => {
    const patterns = turbo.tasks.start.env.map((p) => new RegExp(`^${p.replace('*', '.*')}$`));
    const missing = [...read].filter((name) => !patterns.some((p) => p.test(name)));
    expect(missing).toEqual([]);
  });
});
