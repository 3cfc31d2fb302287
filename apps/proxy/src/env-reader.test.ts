import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EnvReader } from './env-reader.js';
import { ConfigError } from './errors.js';

describe('EnvReader.positiveDecimal', () => {
  const read = (value: string | undefined, max = 100_000) => {
    const env = new EnvReader({ RATE: value });
    return { value: env.positiveDecimal('RATE', 40, { max, what: 'operations a second' }), problems: env.problems };
  };

  it('reads decimals above 0 up to the maximum, and unset or blank as the fallback', () => {
    for (const [given, want] of [
      ['0.5', 0.5],
      ['.25', 0.25],
      ['7.', 7],
      [' 250.5 ', 250.5],
      ['100000', 100_000],
      [undefined, 40],
      ['  ', 40],
    ] as const) {
      expect(read(given), String(given)).toEqual({ value: want, problems: [] });
    }
  });

  it('refuses 0, a sign, an exponent, Infinity, hex and anything above the maximum, quoting the value', () => {
    for (const given of ['0', '0.0', '-1', '+1', '1e3', 'Infinity', '0x10', '1,5', 'abc', '100000.5']) {
      expect(read(given), given).toEqual({
        value: 40,
        problems: [
          `RATE must be a number of operations a second above 0 and at most 100000, got ${JSON.stringify(given)}`,
        ],
      });
    }
  });

  it('leaves the unit out of the message when not given one', () => {
    const env = new EnvReader({ RATE: '0' });
    env.positiveDecimal('RATE', 1, { max: 10 });
    expect(env.problems).toEqual(['RATE must be a number above 0 and at most 10, got "0"']);
  });
});

describe('EnvReader.problems', () => {
  it('lists every problem in the order found, as throwIfProblems throws them', () => {
    const env = new EnvReader({ A: 'x', B: 'maybe' });
    env.integer('A', 1, { min: 1, max: 9 });
    env.boolean('B', false);
    expect(env.problems).toEqual([
      'A must be an integer between 1 and 9, got "x"',
      'B must be true or false, got "maybe"',
    ]);
    expect(() => env.throwIfProblems()).toThrow(ConfigError);
    expect(() => env.throwIfProblems()).toThrow(env.problems.map((p) => `  - ${p}`).join('\n'));
  });
});

describe('the @assetkit/proxy/env-reader subpath', () => {
  const SRC = new URL('.', import.meta.url);

  /** The modules a source file loads at run time (type-only imports left out). */
  async function runtimeImports(file: string): Promise<string[]> {
    const text = await readFile(new URL(file, SRC), 'utf8');
    return [...text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)]
      .filter(([, typeOnly]) => !typeOnly)
      .map(([, , specifier]) => specifier as string);
  }

  // The benchmarks read their settings with EnvReader: the proxy's Express app, undici and
  // @assetkit/contract (ajv) are no part of that, and would be loaded for it through the root.
  it('loads env-reader.ts and errors.ts alone, and node:buffer', async () => {
    const files = new Set<string>();
    const packages = new Set<string>();
    const pending = ['env-reader.ts'];
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
      files.add(file);
      for (const specifier of await runtimeImports(file)) {
        if (specifier.startsWith('./')) {
          const next = specifier.slice(2).replace(/\.js$/, '.ts');
          if (!files.has(next)) {
            pending.push(next);
          }
        } else {
          packages.add(specifier);
        }
      }
    }
    expect([...files].sort()).toEqual(['env-reader.ts', 'errors.ts']);
    expect([...packages]).toEqual(['node:buffer']);
  });

  it('is exported by the package as dist/env-reader, with its types', async () => {
    const manifest = JSON.parse(await readFile(new URL('../package.json', SRC), 'utf8'));
    expect(manifest.exports['./env-reader']).toEqual({
      types: './dist/env-reader.d.ts',
      default: './dist/env-reader.js',
    });
  });
});
